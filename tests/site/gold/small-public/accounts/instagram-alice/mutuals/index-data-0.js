(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"h":["account-d147d047f2d8"],"n":[""],"f":[19675],"s":[19675],"t":[""],"x":[0],"u":{},"o":{}});
