(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"count":1,"handle":"account-51bc3bc87c1a","followed_at":[1700259200],"allowlisted":[0]});
