#!/usr/bin/env python3
"""check_sdk_docs.py HEADER — every item the SDK header declares carries a Doxygen comment.

Checked:
  * every top-level #define (except the include guard and names ending in '_', which are private helpers), typedef,
    struct/enum definition and function: preceded by a /** ... */ block holding @brief and @since;
  * every member of every struct: a preceding /** ... */ block or a trailing /**< ... */ comment;
  * every member of struct mrt_host_api and every callback member of a struct: a preceding /** ... */ block with
    @brief, one @param[...] per named parameter and @return unless it returns void;
  * function-like top-level items (static inline functions): @param per parameter, @return unless void.
Prints one line per problem (header:line: what) and exits 1 when there is any.
"""
import re
import sys


def strip_line_comment(s):
    return re.sub(r'/\*.*?\*/', '', s).strip()


def main(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    problems = []

    def doc_before(idx, skip_pp_name=None):
        """The /** */ block ending just above line idx (skipping preprocessor conditionals), or None."""
        j = idx - 1
        while j >= 0:
            t = lines[j].strip()
            if re.match(r'#\s*(if|ifdef|ifndef|else|elif|endif)\b', t):
                j -= 1
                continue
            if skip_pp_name and re.match(r'#\s*define\s+' + re.escape(skip_pp_name) + r'\b', t):
                # a second definition of the same macro under #else
                while j >= 0 and lines[j].rstrip().endswith('\\'):
                    j -= 1
                j -= 1
                continue
            break
        if j < 0 or not lines[j].strip().endswith('*/'):
            return None
        end = j
        while j >= 0 and '/*' not in lines[j]:
            j -= 1
        if j < 0 or '/**' not in lines[j] or '/**<' in lines[j]:
            return None
        return '\n'.join(lines[j:end + 1])

    def params_of(decl):
        """Named parameters of a function declaration or function-pointer member."""
        m = re.search(r'\)\s*\((.*)\)', decl, re.S) if '(*' in decl else re.search(r'\((.*)\)', decl, re.S)
        if not m:
            return []
        inner = m.group(1)
        # drop nested parentheses (function-pointer parameters) for splitting
        depth, cur, parts = 0, '', []
        for ch in inner:
            if ch == '(':
                depth += 1
            elif ch == ')':
                depth -= 1
            if ch == ',' and depth == 0:
                parts.append(cur)
                cur = ''
            else:
                cur += ch
        parts.append(cur)
        names = []
        for p in parts:
            p = p.strip()
            if p in ('', 'void', '...'):
                continue
            n = re.search(r'([A-Za-z_][A-Za-z0-9_]*)\s*(\[[^\]]*\])?\s*$', p)
            if n:
                names.append(n.group(1))
        return names

    def check_function_doc(doc, decl, where, what):
        if '@brief' not in doc:
            problems.append(f'{where}: {what}: Doxygen block without @brief')
        for pname in params_of(decl):
            if not re.search(r'@param(\[[a-z,]+\])?\s+' + re.escape(pname) + r'\b', doc):
                problems.append(f'{where}: {what}: parameter {pname} not documented (@param[in/out] {pname})')
        ret = decl.split('(')[0]
        returns_void = re.match(r'\s*(static\s+inline\s+)?void\s*(\(\s*\*)?\s*$', ret + ('(' if '(*' in decl else '')) \
            or re.match(r'\s*void\s+\(\*', decl) or re.match(r'\s*(static\s+inline\s+)?void\s+\w+\s*$', ret)
        if not returns_void and '@return' not in doc:
            problems.append(f'{where}: {what}: missing @return')

    guard = None
    i = 0
    depth = 0           # brace depth of struct/enum bodies at top level
    struct_name = None  # name of the struct whose body we are in
    in_func = False
    n = len(lines)
    while i < n:
        raw = lines[i]
        t = raw.strip()
        where = f'{path}:{i + 1}'
        # skip comments
        if t.startswith('/*') and not t.endswith('*/'):
            while i < n and '*/' not in lines[i]:
                i += 1
            i += 1
            continue
        if t.startswith('/*') or t.startswith('*') or t.startswith('//') or not t:
            i += 1
            continue
        if in_func:
            depth += raw.count('{') - raw.count('}')
            if depth == 0:
                in_func = False
            i += 1
            continue
        if depth == 0:
            m = re.match(r'#\s*ifndef\s+(\w+)', t)
            if m and guard is None:
                guard = m.group(1)
                i += 1
                continue
            m = re.match(r'#\s*define\s+(\w+)', t)
            if m:
                name = m.group(1)
                if name != guard and not name.endswith('_'):
                    doc = doc_before(i, skip_pp_name=name)
                    # the second definition under #else is covered by the first one's block
                    prev_def = any(re.match(r'#\s*define\s+' + re.escape(name) + r'\b', lines[k].strip())
                                   for k in range(max(0, i - 8), i))
                    if doc is None and not prev_def:
                        problems.append(f'{where}: macro {name} has no /** */ Doxygen comment')
                    elif doc is not None and ('@brief' not in doc or '@since' not in doc):
                        problems.append(f'{where}: macro {name}: Doxygen block needs @brief and @since')
                while i < n and lines[i].rstrip().endswith('\\'):
                    i += 1
                i += 1
                continue
            if t.startswith('#') or t.startswith('extern "C"') or t == '}' or t.startswith('#endif'):
                i += 1
                continue
            m = re.match(r'(struct|enum)\s+(\w+)\s*;', t)
            if m:  # forward declaration: documented where defined
                i += 1
                continue
            m = re.match(r'typedef\b', t)
            if m:
                doc = doc_before(i)
                if doc is None or '@brief' not in doc or '@since' not in doc:
                    problems.append(f'{where}: typedef needs a /** */ block with @brief and @since: {t}')
                while i < n and not lines[i].rstrip().endswith(';'):
                    i += 1
                i += 1
                continue
            m = re.match(r'(struct|enum)\s+(\w+)\s*\{', t)
            if m:
                doc = doc_before(i)
                if doc is None or '@brief' not in doc or '@since' not in doc:
                    problems.append(f'{where}: {m.group(1)} {m.group(2)} needs a /** */ block with @brief and @since')
                struct_name = m.group(2) if m.group(1) == 'struct' else None
                depth = 1
                i += 1
                continue
            m = re.match(r'static\s+inline\s+.*?(\w+)\s*\(', t)
            if m:
                doc = doc_before(i)
                decl = t
                if doc is None or '@since' not in doc:
                    problems.append(f'{where}: function {m.group(1)} needs a /** */ block with @brief and @since')
                else:
                    check_function_doc(doc, decl, where, f'function {m.group(1)}')
                if '{' in raw:
                    depth = raw.count('{') - raw.count('}')
                    in_func = depth > 0
                else:
                    # body starts on a later line
                    j = i + 1
                    while j < n and '{' not in lines[j]:
                        j += 1
                    i = j
                    depth = lines[j].count('{') - lines[j].count('}')
                    in_func = depth > 0
                i += 1
                continue
            if re.match(r'[A-Za-z_].*\(', t):
                problems.append(f'{where}: unrecognised top-level declaration (document it): {t}')
            i += 1
            continue
        # inside a struct/enum body
        depth += raw.count('{') - raw.count('}')
        if depth <= 0:
            depth = 0
            struct_name = None
            i += 1
            continue
        if struct_name is None:  # enum body: enumerators need no individual docs
            i += 1
            continue
        if t.startswith('#'):
            i += 1
            continue
        # one member, possibly over several lines
        start = i
        decl = strip_line_comment(raw)
        trailing = '/**<' in raw
        while not decl.rstrip().endswith(';') and i + 1 < n:
            i += 1
            decl += ' ' + strip_line_comment(lines[i])
            trailing = trailing or '/**<' in lines[i]
        m = re.search(r'\(\s*\*\s*(\w+)\s*\)', decl)
        member = m.group(1) if m else (re.findall(r'(\w+)\s*(\[[^\]]*\])?\s*;', decl) or [('?',)])[-1][0]
        doc = doc_before(start)
        what = f'struct {struct_name} member {member}'
        if struct_name == 'mrt_host_api' or m:
            if doc is None:
                problems.append(f'{path}:{start + 1}: {what} has no preceding /** */ Doxygen block')
            elif m:
                check_function_doc(doc, decl, f'{path}:{start + 1}', what)
            elif '@brief' not in doc:
                problems.append(f'{path}:{start + 1}: {what}: Doxygen block without @brief')
        elif doc is None and not trailing:
            problems.append(f'{path}:{start + 1}: {what} has neither a /** */ block nor a trailing /**< */ comment')
        i += 1

    for p in problems:
        print(p)
    print(f'{path}: {len(problems)} documentation problem(s)')
    return 1 if problems else 0


if __name__ == '__main__':
    if len(sys.argv) != 2:
        print('usage: check_sdk_docs.py HEADER', file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
