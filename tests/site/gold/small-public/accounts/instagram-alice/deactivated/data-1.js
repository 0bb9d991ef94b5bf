(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"count":1,"handle":"__deleted__xyz","follows_you_since":[1700259200],"deactivated":[0]});
