#!/usr/bin/env bash
# Stages the image's runtime layer into OUT: a Java runtime cut down with jlink from JDK, the
# C libraries it links against (taken from this build host, which must be Linux on x86_64 with
# glibc), a passwd entry for the non-root user, and the directories the image needs.
#
# Why not a published JRE base image: the build must work where no container registry is
# reachable (as on our CI machines), and Jib cannot run a Dockerfile. The result is the
# distroless idea: a runtime and nothing else, no shell, no package manager.
#
# Usage: stage-runtime.sh JDK OUT
set -euo pipefail
jdk=${1:?usage: stage-runtime.sh JDK OUT}
out=${2:?usage: stage-runtime.sh JDK OUT}

if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
  echo "stage-runtime.sh: the image is linux/amd64 and takes this host's glibc; build it on Linux x86_64" \
    "or use deploy/image/Dockerfile" >&2
  exit 1
fi
if [ ! -x "$jdk/bin/jlink" ]; then
  echo "stage-runtime.sh: $jdk has no bin/jlink; set -Dimage.jdk to a full JDK" >&2
  exit 1
fi

# What the CLI's classes need (jdeps --print-module-deps on its jar; jdk.httpserver serves /metrics),
# plus TLS's elliptic curves,
# which live outside java.base before JDK 22. Modules this JDK lacks are left out.
wanted=(java.base java.logging java.management java.naming java.sql java.xml jdk.crypto.ec jdk.httpserver jdk.jfr
  jdk.management jdk.unsupported)
available=$("$jdk/bin/java" --list-modules | sed 's/@.*//')
modules=()
for module in "${wanted[@]}"; do
  grep -qx "$module" <<<"$available" && modules+=("$module")
done

rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/var/lib/workcluster" "$out/opt/workcluster/ext" \
  "$out/lib/x86_64-linux-gnu" "$out/lib64"
# --compress takes zip-N from JDK 21 on and 0-2 before.
compress=zip-6
"$jdk/bin/jlink" --list-plugins | grep -q 'zip-\[0-9\]' || compress=2
"$jdk/bin/jlink" --add-modules "$(IFS=,; echo "${modules[*]}")" --output "$out/opt/java" \
  --strip-debug --no-man-pages --no-header-files --compress="$compress"

# The loader and every library from outside the runtime that its executables and shared objects
# name, as real files.
mapfile -t elves < <(find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \))
ldd "${elves[@]}" 2>/dev/null | awk -v own="$out/" '$2 == "=>" && $3 ~ /^\// && index($3, own) != 1 { print $3 }' | sort -u |
  while read -r library; do
    cp -L "$library" "$out/lib/x86_64-linux-gnu/"
  done
cp -L /lib64/ld-linux-x86-64.so.2 "$out/lib64/"

cat >"$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
workcluster:x:10001:10001:workcluster:/var/lib/workcluster:/sbin/nologin
PASSWD
cat >"$out/etc/group" <<'GROUP'
root:x:0:
workcluster:x:10001:
GROUP
# The image's one user writes its temporary files and, on a fresh local volume, its Raft data.
# (A Dockerfile COPY keeps these modes; Jib sets its own, see deploy/pom.xml.)
chmod 1777 "$out/tmp"
chmod 0777 "$out/var/lib/workcluster"
# So glibc looks only in /etc/hosts and DNS, as the container runtime sets them up.
echo 'hosts: files dns' >"$out/etc/nsswitch.conf"
