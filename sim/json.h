/*
 * json.h -- a small streaming JSON writer for --stats.  It tracks nesting and
 * commas so callers only say what to write; output is indented and the keys
 * come out in the order they are written, so two runs diff cleanly.
 */
#ifndef SIMSCM_JSON_H
#define SIMSCM_JSON_H

#include <stdio.h>
#include <stdint.h>
#include <stdbool.h>

#define JSON_MAX_DEPTH 16

struct json {
    FILE *f;
    int depth;
    bool first[JSON_MAX_DEPTH];
};

void json_init(struct json *j, FILE *f);
/* key is NULL inside arrays and for the top-level value. */
void json_object_begin(struct json *j, const char *key);
void json_object_end(struct json *j);
void json_array_begin(struct json *j, const char *key);
void json_array_end(struct json *j);
void json_u64(struct json *j, const char *key, uint64_t v);
void json_i64(struct json *j, const char *key, int64_t v);
void json_double(struct json *j, const char *key, double v);
void json_bool(struct json *j, const char *key, bool v);
void json_str(struct json *j, const char *key, const char *s);
/* Ends the document with a newline. */
void json_finish(struct json *j);

#endif
