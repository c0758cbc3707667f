# ev.awk -- pick fields out of a simscm event log (--events, docs/power.md)
# for run.sh, without starting a Python per question.
#
#   awk -f ev.awk -v event=EVENT -v field=FIELD -v where="KEY=VALUE ..." LOG
#
# prints FIELD of every EVENT line whose KEY fields equal VALUE, one per line
# in log order ("-" where the line lacks FIELD); with field="" it prints how
# many lines match.  Values are compared as they are written, without the
# quotes of a string: true/false, 2000000, cut:at=2ms.
#
# It reads the flat objects simscm writes -- string, number and boolean
# values, strings without escapes -- and nothing more: evlog.py check
# validates every log as JSON separately.

BEGIN {
    nwant = split(where, conds, " ")
    n = 0
}

{
    split("", f)
    s = $0
    sub(/^[ \t]*\{/, "", s)
    sub(/\}[ \t]*$/, "", s)
    while (match(s, /^[ \t]*"[^"]*"[ \t]*:[ \t]*/)) {
        key = substr(s, 1, RLENGTH)
        sub(/^[ \t]*"/, "", key)
        sub(/"[ \t]*:[ \t]*$/, "", key)
        s = substr(s, RLENGTH + 1)
        if (match(s, /^"[^"]*"/))
            v = substr(s, 2, RLENGTH - 2)
        else if (match(s, /^[^,]*/))
            v = substr(s, 1, RLENGTH)
        s = substr(s, RLENGTH + 1)
        sub(/^[ \t]*,/, "", s)
        sub(/[ \t]+$/, "", v)
        f[key] = v
    }
    if (f["event"] != event)
        next
    for (i = 1; i <= nwant; i++) {
        eq = index(conds[i], "=")
        k = substr(conds[i], 1, eq - 1)
        if (!(k in f) || f[k] != substr(conds[i], eq + 1))
            next
    }
    n++
    if (field != "")
        print ((field in f) ? f[field] : "-")
}

END {
    if (field == "")
        print n
}
