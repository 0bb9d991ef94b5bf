(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"h":["brand.co"],"n":[""],"f":[19678],"s":[-1],"t":[""],"x":[1],"u":{},"o":{}});
