(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"h":["pending.p"],"n":[""],"f":[19675],"s":[],"t":[""],"x":[0],"u":{},"o":{}});
