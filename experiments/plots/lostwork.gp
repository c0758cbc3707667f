# lostwork.gp -- figure 4: lost work per policy against the residual
# (warning-to-cut) window (data: lostwork.dat).
load plots.'/common.gp'
set title 'Lost work at one warned power cut, against the residual window'
set xlabel 'residual window, warning to cut (us, log scale; 0 plotted at 10)'
set ylabel 'acknowledged updates lost (client''s wrong answers)'
set y2label 'work rolled back (ms)'
set logscale x
set xrange [5:*]
set y2tics
set yrange [0:*]
set y2range [0:*]
set key center right
plot for [i=0:*] data.'/lostwork.dat' index i using ($1 > 0 ? $1 : 10):2:3 w yerrorlines ls (i+1) title columnheader(1), \
     for [i=0:*] data.'/lostwork.dat' index i using ($1 > 0 ? $1 : 10):4 axes x1y2 w lp ls (i+1) dt 3 title (i == 0 ? 'dotted: work rolled back (ms, right axis)' : '')
