(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"h":["account-3c45421fee50"],"n":[""],"f":[19678],"s":[-1],"t":[""],"x":[1],"u":{},"o":{}});
