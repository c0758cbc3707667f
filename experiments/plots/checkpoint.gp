# checkpoint.gp -- figure 5: the checkpoint baseline's overhead and its
# recovery time against the checkpoint interval (data: checkpoint.dat).
load plots.'/common.gp'
set title 'Checkpoint to disk: overhead and recovery against the interval'
set xlabel 'checkpoint interval (ms)'
set ylabel 'overhead (% of the run spent checkpointing)'
set y2label 'power restored → first request (ms)'
set y2tics
set yrange [0:*]
set y2range [0:*]
set key top right
plot data.'/checkpoint.dat' index 0 using 1:2:3 w yerrorlines ls 1 title 'overhead', \
     '' index 0 using 1:4:5 axes x1y2 w yerrorlines ls 2 title 'recovery'
