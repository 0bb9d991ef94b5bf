(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"count":1,"handle":"account-d147d047f2d8","followed_at":[1700000000],"follows_you_since":[1700000000]});
