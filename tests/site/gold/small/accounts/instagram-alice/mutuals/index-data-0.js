(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"h":["anna.example"],"n":["\"><img src=x onerror=alert(1)>"],"f":[19675],"s":[19675],"t":[""],"x":[0],"u":{},"o":{}});
