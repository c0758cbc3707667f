/*
 * evlog.c -- the JSON Lines event log (see evlog.h).
 *
 * Keys and kinds are the simulator's own constant strings; values that come
 * from the user (a fault spec, a region name) go through str_escaped, so a
 * line is always valid JSON.  Times never go backwards: every caller logs
 * the current simulated time, and the machine only moves time forward.
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

/* The mirror's copy: " key=value" appended to e->text. */
static void text_add(struct evlog *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void text_add(struct evlog *e, const char *fmt, ...)
{
    if (!e->mirrors[0].fn && !e->mirrors[1].fn)
        return;
    size_t n = strlen(e->text);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->text + n, sizeof e->text - n, fmt, ap);
    va_end(ap);
}

static void str_escaped(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
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
    e->line_ns = t_ns;
    e->line_kind = kind;
    e->text[0] = '\0';
    if (e->f)
        fprintf(e->f, "{\"t_ns\":%llu,\"event\":\"%s\"", (unsigned long long)t_ns, kind);
}

void evlog_u64(struct evlog *e, const char *key, uint64_t v)
{
    text_add(e, " %s=%llu", key, (unsigned long long)v);
    if (e->f)
        fprintf(e->f, ",\"%s\":%llu", key, (unsigned long long)v);
}

void evlog_hex(struct evlog *e, const char *key, uint64_t v)
{
    text_add(e, " %s=0x%llx", key, (unsigned long long)v);
    if (e->f)
        fprintf(e->f, ",\"%s\":\"0x%llx\"", key, (unsigned long long)v);
}

void evlog_str(struct evlog *e, const char *key, const char *s)
{
    text_add(e, " %s=%s", key, s);
    if (!e->f)
        return;
    fprintf(e->f, ",\"%s\":", key);
    str_escaped(e->f, s);
}

void evlog_bool(struct evlog *e, const char *key, bool v)
{
    text_add(e, " %s=%s", key, v ? "yes" : "no");
    if (e->f)
        fprintf(e->f, ",\"%s\":%s", key, v ? "true" : "false");
}

void evlog_end(struct evlog *e)
{
    e->in_line = false;
    if (e->f)
        fputs("}\n", e->f);
    for (int i = 0; i < EVLOG_MAX_MIRRORS; i++)
        if (e->mirrors[i].fn)
            e->mirrors[i].fn(e->mirrors[i].opaque, e->line_ns, e->line_kind, e->text);
}

void evlog_add_mirror(struct evlog *e, evlog_mirror_fn fn, void *opaque)
{
    for (int i = 0; i < EVLOG_MAX_MIRRORS; i++)
        if (!e->mirrors[i].fn) {
            e->mirrors[i].fn = fn;
            e->mirrors[i].opaque = opaque;
            return;
        }
    abort();                    /* a simulator bug: more mirrors than slots */
}

void evlog_remove_mirror(struct evlog *e, evlog_mirror_fn fn, void *opaque)
{
    for (int i = 0; i < EVLOG_MAX_MIRRORS; i++)
        if (e->mirrors[i].fn == fn && e->mirrors[i].opaque == opaque)
            e->mirrors[i].fn = NULL;
}
