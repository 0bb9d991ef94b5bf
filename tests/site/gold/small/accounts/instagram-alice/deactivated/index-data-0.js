(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"h":["__deleted__xyz"],"n":[""],"f":[-1],"s":[19678],"t":[""],"x":[2],"u":{"0":null},"o":{}});
