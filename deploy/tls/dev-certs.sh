#!/usr/bin/env bash
# Writes a development PKI for workcluster's mutual TLS into OUTDIR: a CA, a leader
# node certificate, one client certificate per role, one per worker, and the bad
# certificates the tests need. Identity = the verified client certificate: CN is the
# principal (a worker's member id), OU its role (node, worker, admin, viewer).
# Every private key is PKCS#8 PEM ("BEGIN PRIVATE KEY", what grpc-java reads), EC P-256.
#
# Not for production: the CA key sits next to the certificates it signs.
set -euo pipefail

usage() {
  cat >&2 <<'EOF'
usage: dev-certs.sh OUTDIR [--san LIST] [--workers ID,ID,...] [--days N]

Writes a development PKI for workcluster's mutual TLS into OUTDIR (created if missing):
  ca.pem, ca-key.pem                       the dev CA (kept and reused when OUTDIR already has both)
  leader.pem, leader-key.pem               CN=leader, OU=node; serverAuth+clientAuth; SANs from --san
  admin.pem, admin-key.pem                 CN=admin, OU=admin; clientAuth
  viewer.pem, viewer-key.pem               CN=viewer, OU=viewer; clientAuth
  worker-ID.pem, worker-ID-key.pem         CN=ID, OU=worker; serverAuth+clientAuth; DNS:localhost,IP:127.0.0.1
  untrusted-ca.pem, untrusted-admin.pem, untrusted-admin-key.pem
                                           an admin certificate from a CA nobody trusts, named like
                                           the dev CA (so that clients present it; for tests)
  expired-admin.pem, expired-admin-key.pem an admin certificate from the dev CA that expired in 2020 (for tests)

options:
  --san LIST          the leader's subjectAltNames, comma-separated DNS:name and IP:address items
                      (default DNS:localhost,IP:127.0.0.1)
  --workers ID,...    worker ids, each 1-64 of A-Z a-z 0-9 . _ - starting with a letter or digit
                      (default w1,w2)
  --days N            validity of every certificate, 1-36500 days (default 365)
EOF
}

fail() {
  echo "dev-certs.sh: $*" >&2
  usage
  exit 2
}

outdir=""
san="DNS:localhost,IP:127.0.0.1"
workers="w1,w2"
days=365
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --san | --workers | --days)
      [ $# -ge 2 ] || fail "$1 needs a value"
      case "$1" in
        --san) san="$2" ;;
        --workers) workers="$2" ;;
        --days) days="$2" ;;
      esac
      shift 2
      ;;
    -*) fail "unknown option: $1" ;;
    *)
      [ -z "$outdir" ] || fail "one OUTDIR only, got '$outdir' and '$1'"
      outdir="$1"
      shift
      ;;
  esac
done

[ -n "$outdir" ] || fail "OUTDIR is missing"
[[ "$days" =~ ^[0-9]+$ ]] && [ "$days" -ge 1 ] && [ "$days" -le 36500 ] \
  || fail "--days must be a whole number from 1 to 36500, got '$days'"
IFS=, read -r -a san_items <<<"$san"
[ ${#san_items[@]} -gt 0 ] || fail "--san is empty"
for item in "${san_items[@]}"; do
  [[ "$item" =~ ^(DNS:[A-Za-z0-9*][A-Za-z0-9.*-]*|IP:[0-9A-Fa-f.:]+)$ ]] \
    || fail "--san item '$item' is not DNS:name or IP:address"
done
IFS=, read -r -a worker_ids <<<"$workers"
[ ${#worker_ids[@]} -gt 0 ] || fail "--workers is empty"
for id in "${worker_ids[@]}"; do
  # Safe as a file name and as a DN value that needs no escaping in RFC 2253 form.
  [[ "$id" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ ]] \
    || fail "worker id '$id' must be 1-64 of A-Z a-z 0-9 . _ - starting with a letter or digit"
done
command -v openssl >/dev/null 2>&1 || { echo "dev-certs.sh: openssl is not installed" >&2; exit 1; }

mkdir -p "$outdir"
outdir="$(cd "$outdir" && pwd)"
work="$outdir/.dev-certs-work"
rm -rf "$work"
mkdir -p "$work/ca-db/newcerts"
trap 'rm -rf "$work"' EXIT
umask 077

org="workcluster-dev"
cat >"$work/openssl.cnf" <<EOF
[req]
distinguished_name = req_dn
[req_dn]

[ca_ext]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[client_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[server_client_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = \${ENV::WC_SAN}

# "openssl ca" only for the expired certificate: "x509 -req" in openssl 3.0 cannot set a start date.
[ca]
default_ca = expired_ca
[expired_ca]
dir = $work/ca-db
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
certificate = $outdir/ca.pem
private_key = $outdir/ca-key.pem
default_md = sha256
policy = any_policy
unique_subject = no
email_in_dn = no
[any_policy]
organizationName = optional
organizationalUnitName = optional
commonName = supplied
EOF
export OPENSSL_CONF="$work/openssl.cnf"
export WC_SAN="DNS:localhost"

# Runs a command, showing its chatter only when it fails.
quiet() {
  local output
  if ! output="$("$@" 2>&1)"; then
    echo "dev-certs.sh: failed: $*" >&2
    echo "$output" >&2
    return 1
  fi
}

new_key() {
  quiet openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"
}

new_ca() { # KEY CERT SUBJECT
  new_key "$1"
  openssl req -new -x509 -config "$work/openssl.cnf" -key "$1" -subj "$3" -days "$days" -sha256 \
    -extensions ca_ext -out "$2"
}

issue() { # NAME SUBJECT EXTENSIONS SAN CA_CERT CA_KEY
  local name="$1"
  new_key "$outdir/$name-key.pem"
  openssl req -new -config "$work/openssl.cnf" -key "$outdir/$name-key.pem" -subj "$2" -out "$work/$name.csr"
  WC_SAN="$4" quiet openssl x509 -req -in "$work/$name.csr" -CA "$5" -CAkey "$6" \
    -set_serial "0x$(openssl rand -hex 16)" -days "$days" -sha256 \
    -extfile "$work/openssl.cnf" -extensions "$3" -out "$outdir/$name.pem"
}

if [ -s "$outdir/ca.pem" ] && [ -s "$outdir/ca-key.pem" ]; then
  echo "dev-certs.sh: keeping the CA already in $outdir" >&2
else
  new_ca "$outdir/ca-key.pem" "$outdir/ca.pem" "/O=$org/CN=workcluster dev CA"
fi
ca=("$outdir/ca.pem" "$outdir/ca-key.pem")
local_san="DNS:localhost,IP:127.0.0.1"

# Subjects are written O, OU, CN so that RFC 2253 form (nginx's $ssl_client_s_dn) reads
# CN=...,OU=...,O=workcluster-dev.
issue leader "/O=$org/OU=node/CN=leader" server_client_ext "$san" "${ca[@]}"
issue admin "/O=$org/OU=admin/CN=admin" client_ext "" "${ca[@]}"
issue viewer "/O=$org/OU=viewer/CN=viewer" client_ext "" "${ca[@]}"
for id in "${worker_ids[@]}"; do
  issue "worker-$id" "/O=$org/OU=worker/CN=$id" server_client_ext "$local_san" "${ca[@]}"
done

# The impostor has the dev CA's very name (only its key differs): a TLS client offers only a certificate
# whose issuer is among the names the server asks for, so this is one a client actually presents.
new_ca "$work/untrusted-ca-key.pem" "$outdir/untrusted-ca.pem" "/O=$org/CN=workcluster dev CA"
issue untrusted-admin "/O=$org/OU=admin/CN=admin" client_ext "" "$outdir/untrusted-ca.pem" "$work/untrusted-ca-key.pem"

new_key "$outdir/expired-admin-key.pem"
openssl req -new -config "$work/openssl.cnf" -key "$outdir/expired-admin-key.pem" \
  -subj "/O=$org/OU=admin/CN=admin" -out "$work/expired-admin.csr"
: >"$work/ca-db/index.txt"
openssl rand -hex 16 >"$work/ca-db/serial"
quiet openssl ca -batch -notext -config "$work/openssl.cnf" -in "$work/expired-admin.csr" -out "$outdir/expired-admin.pem" \
  -startdate 200101000000Z -enddate 200102000000Z -extensions client_ext

chmod 644 "$outdir"/*.pem
chmod 600 "$outdir"/*-key.pem
echo "dev-certs.sh: wrote the development PKI to $outdir" >&2
