# footprint.gp -- figure 6: power cut to the first request served against
# the persistent footprint (a persistent memfill; data: footprint.dat).
load plots.'/common.gp'
set title 'Off-to-service time against the persistent footprint'
set xlabel 'persistent footprint (KiB of memfill, log scale)'
set ylabel 'power cut → first request served (ms, [power] off\_ms = 10)'
set logscale x
set yrange [0:*]
set key top left
plot for [i=0:*] data.'/footprint.dat' index i using 1:2:3 w yerrorlines ls (i+1) title columnheader(1)
