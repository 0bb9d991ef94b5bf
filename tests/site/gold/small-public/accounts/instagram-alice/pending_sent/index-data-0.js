(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"h":["account-314e2aba2979"],"n":[""],"f":[19675],"s":[],"t":[""],"x":[0],"u":{},"o":{}});
