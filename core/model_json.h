/*
 * model_json.h — the migration model (model.h) as JSON, for `mrt parse FILE --format json` and custom checks.
 */
#ifndef MRT_MODEL_JSON_H
#define MRT_MODEL_JSON_H

#include <jansson.h>

#include "model.h"

/*
 * Builds the JSON object of one migration:
 *   {"path","revision","down_revisions":[..],"branch_labels":[..],"depends_on":[..],"message",
 *    "imports":[{module,name,alias,line}],
 *    "functions":[{"name","role","body","line","end_line","docstring",
 *                  "ops":[{"name","receiver","table","schema","line","col","end_line","batch","via_bind",
 *                          "conditional","in_autocommit","helper","call_line","args":[{"name","value"}],
 *                          "sql","sql_opaque","sql_expr","sql_expr_verb","statements":[{...}]}],
 *                  "raises":[{"exc","message","line","col","conditional"}]}],
 *    "comments":[{"line","col","text"}],"errors":[{"line","col","message","token"}]}
 * A value is {"kind":"str","value":"x"}, {"kind":"int","value":5}, {"kind":"call","func":"sa.Column","args":[..]},
 * {"kind":"list"|"tuple","items":[..]}, {"kind":"dict","items":[{"key","value"}]}, {"kind":"unary","op","operand"},
 * {"kind":"binop"|"other","text","dynamic"}, {"kind":"fstring","value","dynamic":true}, {"kind":"none"}, ...
 * Strings that are not valid UTF-8 are emitted with U+FFFD replacements.
 *
 * On success *out is a new reference owned by the caller (json_decref) and 0 is returned; -1 on out-of-memory.
 */
int model_to_json(const struct migration *m, json_t **out);

#endif
