(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"count":2,"handle":"__deleted__xyz\naccount-0d21b968d7a0","deactivated":[0]});
