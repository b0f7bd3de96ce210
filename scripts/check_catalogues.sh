#!/usr/bin/env bash
# Fails when the Dutch catalogue has untranslated or fuzzy entries, or when a committed
# .mo file is older than its .po file. Needs gettext (msgattrib, msgfmt).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for po in locale/*/LC_MESSAGES/django.po; do
    lang=$(echo "$po" | cut -d/ -f2)
    untranslated=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)
    fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid ' || true)
    # msgattrib prints the header entry too when it prints anything.
    if [ "$untranslated" -gt 1 ] || [ "$fuzzy" -gt 1 ]; then
        echo "$po: $((untranslated > 0 ? untranslated - 1 : 0)) untranslated, $((fuzzy > 0 ? fuzzy - 1 : 0)) fuzzy entries"
        msgattrib --untranslated --only-fuzzy --no-obsolete "$po" | grep '^msgid ' | head -20
        status=1
    fi
    mo="${po%.po}.mo"
    if ! msgfmt --check -o /tmp/check-$lang.mo "$po"; then status=1; fi
    if ! cmp -s /tmp/check-$lang.mo "$mo"; then
        echo "$mo is not compiled from $po: run make messages and commit it"
        status=1
    fi
done
[ $status -eq 0 ] && echo "Translation catalogues complete."
exit $status
