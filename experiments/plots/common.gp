# common.gp -- terminal and style shared by every plot.  The driver
# (experiments/simexp.py plot) calls each script with
#   gnuplot -e "data='DIR'; out='FILE'; fmt='png'|'svg'; plots='THISDIR'" SCRIPT
if (fmt eq 'svg') {
    set terminal svg size 800,500 dynamic enhanced font 'Helvetica,12'
} else {
    set terminal pngcairo size 800,500 enhanced font 'Helvetica,11'
}
set output out
set key top left box opaque
set grid ytics lc rgb '#dddddd'
set border 3
set tics nomirror
set datafile missing 'NaN'
set style line 1 lc rgb '#1f77b4' lw 2 pt 7 ps 1.0
set style line 2 lc rgb '#d62728' lw 2 pt 5 ps 1.0
set style line 3 lc rgb '#2ca02c' lw 2 pt 9 ps 1.2
set style line 4 lc rgb '#ff7f0e' lw 2 pt 11 ps 1.2
set style line 5 lc rgb '#9467bd' lw 2 pt 13 ps 1.2
set style line 6 lc rgb '#8c564b' lw 2 pt 4 ps 1.0
