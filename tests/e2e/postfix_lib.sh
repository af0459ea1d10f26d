# shellcheck shell=bash
# Shell functions shared by tests/e2e/run_milter_e2e.sh and bench/mail/run.sh (source it):
# a private Postfix instance on loopback (`postfix -c DIR/etc`, queue and Maildir under DIR)
# that delivers city.example.jp to DIR/mail/box/, and `sanso milter` processes.
# Postfix's master needs root and the postfix user.

# Prints N free loopback TCP ports.
free_ports() {
  python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$1"
}

# Starts `sanso milter --config CONFIG` with output to LOG and waits until it listens; the pid
# is in MILTER_PID. Returns 1 when it exits or does not listen within 10 s.
start_sanso_milter() {  # SANSO CONFIG LOG DIRECTION
  "$1" milter --config "$2" >"$3" 2>&1 &
  MILTER_PID=$!
  for _ in $(seq 1 100); do
    grep -q "sanso milter: $4 on" "$3" 2>/dev/null && return 0
    kill -0 "$MILTER_PID" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# SIGTERM, then SIGKILL after 10 s; reaps the process.
stop_pid() {  # PID
  [ -n "$1" ] || return 0
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# The master.cf line of an smtpd on 127.0.0.1:PORT filtered by the milter on MILTER_PORT
# (none when it is empty).
postfix_smtpd() {  # PORT [MILTER_PORT]
  local milters=
  [ -z "${2:-}" ] || milters=inet:127.0.0.1:$2
  printf '127.0.0.1:%s inet n - n - - smtpd\n  -o smtpd_milters=%s\n' "$1" "$milters"
}

# Writes DIR/etc/{main,master}.cf: the smtpd services SMTPD (postfix_smtpd lines), virtual
# delivery to DIR/mail, milter_default_action = tempfail, log in DIR/maillog. Change other
# parameters afterwards with `postconf -c DIR/etc -e`.
postfix_configure() {  # DIR SMTPD
  local dir=$1
  mkdir -p "$dir/etc" "$dir/mail" "$dir/queue" "$dir/data"
  chmod 755 "$dir"
  chown 65534:65534 "$dir/mail"
  chown postfix "$dir/data"
  cat >"$dir/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.sanso-test.example.jp
mydomain = sanso-test.example.jp
myorigin = \$myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
relay_domains =
alias_maps =
alias_database =
local_recipient_maps =
virtual_mailbox_domains = city.example.jp
virtual_mailbox_base = $dir/mail
virtual_mailbox_maps = static:box/
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_milters =
non_smtpd_milters =
milter_default_action = tempfail
milter_content_timeout = 300s
message_size_limit = 20000000
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
syslog_name = sanso-e2e
biff = no
smtputf8_enable = no
CF
  cat >"$dir/etc/master.cf" <<CF
$2
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
smtp      unix  - - n - - smtp
relay     unix  - - n - - smtp
local     unix  - n n - - local
virtual   unix  - n n - - virtual
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
CF
}

# Starts the instance in DIR and waits until 127.0.0.1:PORT accepts connections.
postfix_start() {  # DIR PORT
  postfix -c "$1/etc" start >"$1/postfix-start.log" 2>&1 || { cat "$1/postfix-start.log" >&2; return 1; }
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

postfix_stop() {  # DIR
  postfix -c "$1/etc" stop >/dev/null 2>&1 || postfix -c "$1/etc" abort >/dev/null 2>&1 || true
}

# The number of mails delivered to DIR's Maildir.
delivered_count() {  # DIR
  find "$1/mail/box/new" -type f 2>/dev/null | wc -l
}
