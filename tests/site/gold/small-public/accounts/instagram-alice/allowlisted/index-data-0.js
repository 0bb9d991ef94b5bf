(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"h":["account-51bc3bc87c1a"],"n":[""],"f":[19678],"s":[-1],"t":[""],"x":[1],"u":{},"o":{}});
