mkdir out; synthgen --count 100 | jsonl-split -d out --ratios 8,1,1 --names train,valid,test; ls out
