(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"h":["account-6c322cdfdc43"],"n":[""],"f":[19675],"s":[],"t":[""],"x":[0],"u":{},"o":{}});
