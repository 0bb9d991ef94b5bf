(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"count":1,"handle":"brand.co","followed_at":[1700259200],"allowlisted":[0]});
