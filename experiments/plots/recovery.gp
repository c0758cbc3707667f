# recovery.gp -- figure 2: recovery time per policy, distribution over
# seeds (boxes: min, quartiles, max of each run's mean; data: recovery.dat).
load plots.'/common.gp'
set title 'Recovery after a power cut, per policy (box: quartiles over seeds, whiskers: min/max)'
set ylabel 'simulated time (ms, log scale)'
set logscale y
set xrange [-0.6:*]
set offsets 0, 0.6, 0, 0
set boxwidth 0.3
set style fill solid 0.4 border
set xtics scale 0
set key top left
plot data.'/recovery.dat' using ($1-0.17):4:3:7:6:xtic(2) w candlesticks whiskerbars ls 1 title 'power restored → first request served', \
     '' using ($1-0.17):5:5:5:5 w candlesticks ls 1 lw 3 notitle, \
     '' using ($1+0.17):9:8:12:11 w candlesticks whiskerbars ls 2 title 'fault detected → first request served', \
     '' using ($1+0.17):10:10:10:10 w candlesticks ls 2 lw 3 notitle
