(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"count":1,"handle":"account-a80f4fa1ce7c","reason":["unfollowed"],"certainty":["likely"]});
