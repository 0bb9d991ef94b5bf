(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push({"start":0,"count":2,"handle":"ben_b\nnew.fan","follows_you_since":[1700086400,1700172800],"tags":{"0":["friend"]}});
