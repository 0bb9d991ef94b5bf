(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"h":["ben_b","new.fan"],"n":["",""],"f":[-1,-1],"s":[19676,19677],"t":["friend",""],"x":[0,0],"u":{},"o":{}});
