# availability.gp -- figure 3: availability against MTBF per policy, with
# the model MTTF/(MTTF+MTTR) drawn over the points (data: availability.dat,
# availability-model.dat: MTTR is each policy's measured mean outage).
load plots.'/common.gp'
set title 'Availability under random warned power cuts'
set xlabel 'mean time between failures, MTBF (ms of uptime, log scale)'
set ylabel 'availability (fraction of the run the service answers)'
set logscale x
set yrange [*:1.005]
set key bottom right
plot for [i=0:*] data.'/availability.dat' index i using 1:2:3 w yerrorbars ls (i+1) title columnheader(1), \
     for [i=0:*] data.'/availability-model.dat' index i using 1:2 w l ls (i+1) dt 2 title columnheader(1)
