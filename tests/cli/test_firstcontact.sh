# test_firstcontact.sh -- a newcomer's first command gives a machine to type
# into: with no workload simscm boots the guest OS to its shell (with the
# config's init list, if it has one); the shell answers and `shutdown`
# ends the run with exit 0.  Needs the guest OS (make builds it).
. tests/cli/lib.sh
printf 'echo hello first contact\nps\nshutdown\n' > "$WORK/keys"

run --config configs/hybrid.ini --input "$WORK/keys"
check "hybrid.ini, no workload: exit 0 through shutdown" $rc
[[ "$out" == *"init: started kvstore (pid 2, persistent)"* ]]
check "hybrid.ini, no workload: init starts the config's list" $?
[[ "$out" == *'$ echo hello first contact'*$'\n''hello first contact'* ]]
check "hybrid.ini, no workload: the shell runs a command" $?
echo "$out" | grep -Eq '^[0-9]+ +1 +sh +running +no'
check "hybrid.ini, no workload: ps shows the shell, started by init" $?
[[ "$out" == *"shutdown: powering off (status 0)"* ]]
check "hybrid.ini, no workload: shutdown powers off" $?

run --input "$WORK/keys"
check "no options at all: exit 0 through shutdown" $rc
[[ "$err" == *"simscm: no workload: booting the guest OS to its shell"* ]]
check "no options at all: says what it boots" $?
[[ "$out" == *"hello first contact"* ]] && [ "$(echo "$out" | grep -Ec '^[0-9]+ +[0-9]+ +[a-z]+ ')" = 2 ]
check "no options at all: the shell runs, init and sh are all there is" $?

finish
