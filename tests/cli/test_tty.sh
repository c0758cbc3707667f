# test_tty.sh -- the interactive console on a real (pseudo-)terminal: raw
# mode while running, Ctrl-A x quits with 0, the terminal is restored on
# every way out, typed keys reach the guest, Ctrl-A p and Ctrl-A k power-
# cycle the machine (warned by the button, and sudden).
. tests/cli/lib.sh

r=$(python3 tests/cli/ttyrun.py "$SIMSCM" "$CLI_DIR/spin.elf" quit 2>&1)
check "Ctrl-A x quits (exit 0) and restores the terminal${r:+: $r}" $?
r=$(python3 tests/cli/ttyrun.py "$SIMSCM" "$CLI_DIR/spin.elf" term 2>&1)
check "SIGTERM still restores the terminal${r:+: $r}" $?
r=$(python3 tests/cli/ttyrun.py "$SIMSCM" "$CLI_DIR/echo.elf" keys 2>&1)
check "typed keys reach the guest${r:+: $r}" $?
r=$(python3 tests/cli/ttyrun.py "$SIMSCM" "$CLI_DIR/spin.elf" power "$WORK/tty-events" 2>&1)
check "Ctrl-A p presses the power button, Ctrl-A k cuts the power${r:+: $r}" $?

finish
