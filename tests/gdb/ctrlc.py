#!/usr/bin/env python3
"""ctrlc.py PORT -- speak the remote protocol to a simscm --gdb-wait
directly, as gdb does when the user presses Ctrl-C: continue, wait one
second, send the interrupt byte (0x03), expect a stop reply with SIGINT
(T02), read pc with 'p20', then kill.  Prints one line per step; exits 1
on the first thing that is not as it should be."""
import socket
import sys
import time

sock = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)


def send(data):
    sock.sendall(b"$%s#%02x" % (data.encode(), sum(data.encode()) & 0xff))


def reply():
    """The next packet's payload (acks skipped), acknowledged."""
    buf = b""
    while not (b"$" in buf and b"#" in buf[buf.index(b"$"):] and
               len(buf) - buf.rindex(b"#") >= 3):
        chunk = sock.recv(4096)
        if not chunk:
            sys.exit("simscm hung up")
        buf += chunk
    sock.sendall(b"+")
    start = buf.index(b"$") + 1
    return buf[start:buf.index(b"#", start)].decode()


def expect(what, got, ok):
    print(("ok    " if ok else "FAIL  ") + what + ": " + got)
    if not ok:
        sys.exit(1)


send("?")
expect("stopped at attach", reply(), True)
send("c")
time.sleep(1)
sock.sendall(b"\x03")
expect("Ctrl-C stops with SIGINT", r := reply(), r.startswith("T02"))
send("p20")
pc = int.from_bytes(bytes.fromhex(reply()), "little")
expect("pc readable after the stop", hex(pc), pc != 0x80000000)
send("k")
