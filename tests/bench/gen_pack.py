#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes a generated pack of N checklist items (default 10,000) to DIR:
100 sections of top-level items, every tenth with three sub-items, Russian
texts of realistic length, a rubric requiring a sample of them, mistakes,
takeaways and a table. Usage: gen_pack.py DIR [N]"""
import os
import sys

out, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10000
os.makedirs(out, exist_ok=True)


def w(name, text):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(text)


w("pack.yaml", 'id: generated\ntitle: "Сгенерированный пакет"\nversion: "1"\n')
lines, ids, made, sec = ["sections:"], [], 0, 0
while made < n:
    sec += 1
    lines += [f"  - id: g{sec}", f"    number: {sec}",
              f'    title: "Раздел {sec}: проверка конфигурации"', "    items:"]
    for k in range(100):
        if made >= n:
            break
        iid = f"g{sec}.i{k}"
        lines += [f"      - id: {iid}",
                  f'        text: "**Пункт {made}** настроен: `database.server.id` уникален для коннектора {k}"',
                  f'        verify: "Проверка: `kafka-topics --list` показывает топик {k}"']
        made += 1
        if k % 10 == 0 and made + 3 <= n:
            lines.append("        items:")
            for j in range(3):
                lines += [f"          - id: {iid}.s{j}",
                          f'            text: "Подпункт {j}: `schema.history.internal.kafka.topic` уникален"']
                ids.append(f"{iid}.s{j}")
                made += 1
        else:
            ids.append(iid)
w("checklist.yaml", "\n".join(lines) + "\n")
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
print(f"{out}: {made} items in {sec} sections")
