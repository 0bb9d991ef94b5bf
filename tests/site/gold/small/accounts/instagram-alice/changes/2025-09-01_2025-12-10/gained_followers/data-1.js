(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"count":2,"handle":"new.fan\n__deleted__xyz"});
