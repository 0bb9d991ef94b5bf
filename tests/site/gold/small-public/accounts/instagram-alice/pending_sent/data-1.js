(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"count":1,"handle":"account-314e2aba2979","followed_at":[1700345600],"at":[1700000000],"relation":[0]});
