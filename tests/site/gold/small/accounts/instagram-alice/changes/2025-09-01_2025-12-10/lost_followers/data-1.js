(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"count":1,"handle":"gone.fan","reason":["unfollowed"],"certainty":["likely"]});
