# crt0.S -- where every user program starts: exec leaves argc in a0 and
# argv in a1, so main(argc, argv) is a plain call; returning from main is
# exit(main's result).

        .text
        .globl _start
_start:
        call    main
        call    exit
1:      j       1b
