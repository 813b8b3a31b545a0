#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes a generated pack of N checklist items (default 10,000) to DIR:
sections of 100 top-level items, every tenth with three sub-items, Russian
texts of realistic length, a rubric requiring a sample of them, mistakes,
takeaways and a table. STYLE is how checklist.yaml is written: "compact"
(one flow mapping per item with a short text, as a tool would write it:
about 34 bytes an item) or "verbose" (block style, one key a line, texts and
hints of realistic length, as a person writes it: about 210 bytes an item;
the default).
Usage: gen_pack.py DIR [N] [compact|verbose]
Prints the ids of the leaf items to DIR/leaves.txt."""
import os
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
style = sys.argv[3] if len(sys.argv) > 3 else "verbose"
if style not in ("compact", "verbose"):
    sys.exit("style: compact or verbose")
os.makedirs(out, exist_ok=True)


def w(name, text):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(text)


def item(ind, iid, text, verify=None, compact=False):
    """One item; its sub-items follow as an `items:` key (block) or are
    appended by the caller (flow)."""
    if compact:
        v = f', verify: "{verify}"' if verify else ""
        return f'{ind}{{id: {iid}, text: "{text}"{v}'
    lines = [f"{ind}- id: {iid}", f'{ind}  text: "{text}"']
    if verify:
        lines.append(f'{ind}  verify: "{verify}"')
    return "\n".join(lines)


w("pack.yaml", 'id: generated\ntitle: "Сгенерированный пакет"\nversion: "1"\n')
chunks, ids, made, sec = ["sections:\n"], [], 0, 0
compact = style == "compact"
while made < n:
    sec += 1
    if compact:
        chunks.append(f'  - {{id: g{sec}, number: {sec}, '
                      f'title: "Раздел {sec}: проверка конфигурации", items: [\n')
    else:
        chunks.append(f"  - id: g{sec}\n    number: {sec}\n"
                      f'    title: "Раздел {sec}: проверка конфигурации"\n    items:\n')
    for k in range(100):
        if made >= n:
            break
        iid = f"g{sec}.i{k}"
        if compact:
            text, verify = f"Item {made}", None
        else:
            text = f"**Пункт {made}** настроен: `database.server.id` уникален для коннектора {k}"
            verify = f"Проверка: `kafka-topics --list` показывает топик {k}"
        made += 1
        subs = k % 10 == 0 and made + 3 <= n
        if compact:
            line = item("      ", iid, text, verify, True)
            if subs:
                line += ", items: [" + ", ".join(
                    f'{{id: {iid}.s{j}, text: "Sub {j}"}}' for j in range(3)) + "]"
            chunks.append(line + "}" + ("," if k < 99 and made < n else "") + "\n")
        else:
            chunks.append(item("      ", iid, text, verify) + "\n")
            if subs:
                chunks.append("        items:\n")
                for j in range(3):
                    chunks.append(item("          ", f"{iid}.s{j}",
                                       f"Подпункт {j}: `schema.history.internal.kafka.topic` уникален")
                                  + "\n")
        if subs:
            ids += [f"{iid}.s{j}" for j in range(3)]
            made += 3
        else:
            ids.append(iid)
    if compact:
        chunks.append("    ]}\n")
w("checklist.yaml", "".join(chunks))
w("mistakes.yaml", "mistakes:\n" + "".join(
    f'  - {{id: m{i}, number: {i}, title: "Ошибка {i}", error: "Описание", '
    f'symptoms: ["Симптом"], fix: "Исправление", prevention: "Профилактика"}}\n'
    for i in range(1, 10)))
sample = ids[:: max(1, len(ids) // 200)]
w("rubric.yaml", "levels:\n"
  f"  - {{id: top, title: Высший, criteria: [{{id: top.c, text: Всё, requires: [{', '.join(sample)}]}}]}}\n"
  f"  - {{id: base, title: Базовый, criteria: [{{id: base.c, text: Основа, attest: true}}]}}\n")
w("takeaways.yaml", 'takeaways:\n  - {id: k1, number: 1, text: "Вывод"}\n')
w("tables.yaml", 'tables:\n  - {id: t1, title: T, columns: [a, b], rows: [["1", "2"]]}\n')
w("leaves.txt", "\n".join(ids) + "\n")
print(f"{out}: {made} items in {sec} sections, {style} style, "
      f"checklist.yaml {os.path.getsize(os.path.join(out, 'checklist.yaml'))} bytes")
