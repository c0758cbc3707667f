/*
 * evlog.c -- the JSON Lines event log (see evlog.h).
 *
 * Keys and kinds are the simulator's own constant strings; values that come
 * from the user (a fault spec, a region name) go through str_escaped, so a
 * line is always valid JSON.  Times never go backwards: every caller logs
 * the current simulated time, and the machine only moves time forward.
 * With a tap set (the SDL window), each finished line is also handed to it,
 * without the newline.
 */
#include "evlog.h"
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int evlog_open(struct evlog *e, const char *path)
{
    memset(e, 0, sizeof *e);
    if (!path)
        return 0;
    snprintf(e->path, sizeof e->path, "%s", path);
    e->f = fopen(path, "w");
    if (!e->f) {
        fprintf(stderr, "simscm: --events %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

int evlog_close(struct evlog *e)
{
    int rc = 0;
    if (!e->f)
        return 0;
    if (ferror(e->f) | (fclose(e->f) != 0)) {
        fprintf(stderr, "simscm: --events %s: write failed\n", e->path);
        rc = -1;
    }
    e->f = NULL;
    return rc;
}

static void count(struct evlog *e, const char *kind)
{
    for (int i = 0; i < e->nkinds; i++) {
        if (!strcmp(e->kinds[i].kind, kind)) {
            e->kinds[i].count++;
            return;
        }
    }
    if (e->nkinds == EVLOG_MAX_KINDS)
        abort();                /* a new kind of event: raise EVLOG_MAX_KINDS */
    e->kinds[e->nkinds].kind = kind;
    e->kinds[e->nkinds++].count = 1;
}

uint64_t evlog_count(const struct evlog *e, const char *kind)
{
    for (int i = 0; i < e->nkinds; i++)
        if (!strcmp(e->kinds[i].kind, kind))
            return e->kinds[i].count;
    return 0;
}

/* Part of the current line: to the file, and to the tap's copy. */
static void out(struct evlog *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void out(struct evlog *e, const char *fmt, ...)
{
    va_list ap;
    if (e->f) {
        va_start(ap, fmt);
        vfprintf(e->f, fmt, ap);
        va_end(ap);
    }
    if (e->tap && e->len < sizeof e->line) {
        va_start(ap, fmt);
        int n = vsnprintf(e->line + e->len, sizeof e->line - e->len, fmt, ap);
        va_end(ap);
        e->len += n > 0 ? (size_t)n : 0;
    }
}

static void str_escaped(struct evlog *e, const char *s)
{
    out(e, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            out(e, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
            out(e, "\\u%04x", c);
        else
            out(e, "%c", c);
    }
    out(e, "\"");
}

void evlog_begin(struct evlog *e, uint64_t t_ns, const char *kind)
{
    if (e->in_line)
        abort();                /* a simulator bug: a line was not ended */
    e->in_line = true;
    count(e, kind);
    e->lines++;
    if (t_ns < e->last_ns)
        abort();                /* time went backwards */
    e->last_ns = t_ns;
    e->len = 0;
    out(e, "{\"t_ns\":%llu,\"event\":\"%s\"", (unsigned long long)t_ns, kind);
}

void evlog_u64(struct evlog *e, const char *key, uint64_t v)
{
    out(e, ",\"%s\":%llu", key, (unsigned long long)v);
}

void evlog_hex(struct evlog *e, const char *key, uint64_t v)
{
    out(e, ",\"%s\":\"0x%llx\"", key, (unsigned long long)v);
}

void evlog_str(struct evlog *e, const char *key, const char *s)
{
    out(e, ",\"%s\":", key);
    str_escaped(e, s);
}

void evlog_bool(struct evlog *e, const char *key, bool v)
{
    out(e, ",\"%s\":%s", key, v ? "true" : "false");
}

void evlog_end(struct evlog *e)
{
    e->in_line = false;
    out(e, "}");
    if (e->f)
        fputc('\n', e->f);
    if (e->tap) {
        e->line[sizeof e->line - 1] = '\0';
        e->tap(e->tap_opaque, e->line);
    }
}

void evlog_set_tap(struct evlog *e, void (*tap)(void *, const char *), void *opaque)
{
    e->tap = tap;
    e->tap_opaque = opaque;
}
