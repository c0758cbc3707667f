# slowdown.gp -- figure 1: run time of a batch program, persistent vs
# non-persistent, against the SCM/DRAM latency ratio (data: slowdown.dat).
load plots.'/common.gp'
set title 'Cost of persistence: a batch program''s run time against SCM latency'
set xlabel 'SCM / DRAM latency ratio (DRAM 80 ns)'
set ylabel 'run time / non-persistent run time at the lowest ratio'
set xrange [0.8:*]
set yrange [0.8:*]
set xtics 1
plot x w l dt 2 lc rgb '#888888' title 'latency ratio', \
     for [i=0:*] data.'/slowdown.dat' index i using 1:2:3 w yerrorlines ls (i+1) title columnheader(1)
