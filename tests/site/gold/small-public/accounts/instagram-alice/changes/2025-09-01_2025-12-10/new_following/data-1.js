(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"count":2,"handle":"account-51bc3bc87c1a\naccount-bf60194e731c"});
