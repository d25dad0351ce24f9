# Net::SSLeay and IO::Socket::SSL as clients of libssl (see run.sh): session
# decoding, encoding, getters and setters, context settings, the session cache
# and its counters, cipher lists, and IO::Socket::SSL's context with its own
# session cache; nothing that needs a handshake. Prints everything; run.sh
# diffs it between the system libssl and sessl.
#   usage: perl perl.pl SESSIONS_DIR CERTS_DIR
use strict;
use warnings;
use Net::SSLeay;
use IO::Socket::SSL;

my ($SESS, $CERTS) = @ARGV;
$| = 1;
Net::SSLeay::load_error_strings();
Net::SSLeay::SSLeay_add_ssl_algorithms();

# The errors on libcrypto's queue, emptied.
sub errors {
    my @e;
    while (my $e = Net::SSLeay::ERR_get_error()) {
        push @e, Net::SSLeay::ERR_error_string($e);
    }
    return @e ? " errors=[" . join(", ", @e) . "]" : "";
}

sub show {
    my ($label, $value) = @_;
    $value = "undef" unless defined $value;
    print "$label: $value", errors(), "\n";
}

sub hex_of { defined $_[0] ? unpack("H*", $_[0]) : "undef" }

sub slurp {
    open(my $fh, "<:raw", $_[0]) or die "$_[0]: $!";
    local $/;
    return scalar <$fh>;
}

sub session_text {
    my ($sess) = @_;
    my $bio = Net::SSLeay::BIO_new(Net::SSLeay::BIO_s_mem());
    my $ok = Net::SSLeay::SESSION_print($bio, $sess);
    my $text = Net::SSLeay::BIO_read($bio, 100000) // "";
    Net::SSLeay::BIO_free($bio);
    return "print=$ok\n$text";
}

# ------------------------------------------------------------ sessions
my %der;
for my $pem (sort glob("$SESS/*.pem")) {
    (my $name = $pem) =~ s{.*/|\.pem$}{}g;
    (my $derfile = $pem) =~ s/\.pem$/.der/;
    my $der = slurp($derfile);
    $der{$name} = $der;
    print "=== session $name\n";
    my $s = Net::SSLeay::d2i_SSL_SESSION($der);
    show("d2i", $s ? "ok" : "NULL");
    next unless $s;
    show("i2d == file", Net::SSLeay::i2d_SSL_SESSION($s) eq $der ? 1 : 0);
    show("time", Net::SSLeay::SESSION_get_time($s));
    show("timeout", Net::SSLeay::SESSION_get_timeout($s));
    show("master_key", hex_of(Net::SSLeay::SESSION_get_master_key($s)));
    show("is_resumable", Net::SSLeay::SESSION_is_resumable($s));
    print session_text($s);
    my $d = Net::SSLeay::SESSION_dup($s);
    show("dup i2d == i2d", Net::SSLeay::i2d_SSL_SESSION($d) eq $der ? 1 : 0);
    show("set_time 1000000000", Net::SSLeay::SESSION_set_time($s, 1000000000));
    show("time", Net::SSLeay::SESSION_get_time($s));
    show("set_timeout 300", Net::SSLeay::SESSION_set_timeout($s, 300));
    show("timeout", Net::SSLeay::SESSION_get_timeout($s));
    show("changed i2d", hex_of(Net::SSLeay::i2d_SSL_SESSION($s)));
    print session_text($s);
    Net::SSLeay::SESSION_free($d);
    Net::SSLeay::SESSION_free($s);
}

print "=== bad DER\n";
my ($first) = sort keys %der;
for my $cut (0, 1, 2, 10, 50, length($der{$first}) - 1) {
    my $s = Net::SSLeay::d2i_SSL_SESSION(substr($der{$first}, 0, $cut));
    show("d2i(first $cut bytes)", $s ? "ok" : "NULL");
    Net::SSLeay::SESSION_free($s) if $s;
}

print "=== SESSION_new\n";
my $new = Net::SSLeay::SESSION_new();
show("new timeout", Net::SSLeay::SESSION_get_timeout($new));
show("new master_key", hex_of(Net::SSLeay::SESSION_get_master_key($new)));
show("new is_resumable", Net::SSLeay::SESSION_is_resumable($new));
Net::SSLeay::SESSION_set_time($new, 1234567890);
show("new i2d", eval { hex_of(Net::SSLeay::i2d_SSL_SESSION($new)) } // "died: $@");
Net::SSLeay::SESSION_free($new);

# ------------------------------------------------------------ contexts
sub ctx_state {
    my ($ctx) = @_;
    show("  options", sprintf("0x%x", Net::SSLeay::CTX_get_options($ctx)));
    show("  mode", Net::SSLeay::CTX_get_mode($ctx));
    show("  session_cache_mode", Net::SSLeay::CTX_get_session_cache_mode($ctx));
    show("  cache_size", Net::SSLeay::CTX_sess_get_cache_size($ctx));
    show("  timeout", Net::SSLeay::CTX_get_timeout($ctx));
    show("  verify_mode", Net::SSLeay::CTX_get_verify_mode($ctx));
    show("  verify_depth", Net::SSLeay::CTX_get_verify_depth($ctx));
    show("  security_level", Net::SSLeay::CTX_get_security_level($ctx));
    show("  min/max proto", Net::SSLeay::CTX_get_min_proto_version($ctx) . "/" .
        Net::SSLeay::CTX_get_max_proto_version($ctx));
    show("  num_tickets", Net::SSLeay::CTX_get_num_tickets($ctx));
    my $ssl = Net::SSLeay::new($ctx);
    my @names;
    for (my $i = 0; defined(my $n = Net::SSLeay::get_cipher_list($ssl, $i)); $i++) { push @names, $n; }
    show("  get_cipher_list", join(":", @names));
    Net::SSLeay::free($ssl);
}

print "=== contexts\n";
for my $m (["CTX_new", sub { Net::SSLeay::CTX_new() }],
           ["CTX_tlsv1_2_new", sub { Net::SSLeay::CTX_tlsv1_2_new() }],
           ["CTX_new_with_method(TLS_client_method)", sub { Net::SSLeay::CTX_new_with_method(Net::SSLeay::TLS_client_method()) }],
           ["CTX_new_with_method(TLS_server_method)", sub { Net::SSLeay::CTX_new_with_method(Net::SSLeay::TLS_server_method()) }]) {
    my $ctx = $m->[1]->();
    show($m->[0], $ctx ? "ok" : "NULL");
    next unless $ctx;
    ctx_state($ctx);
    Net::SSLeay::CTX_free($ctx);
}

print "=== settings\n";
my $ctx = Net::SSLeay::CTX_new();
for my $o (0, Net::SSLeay::OP_ALL(), Net::SSLeay::OP_NO_TICKET() | Net::SSLeay::OP_NO_TLSv1_3(),
           Net::SSLeay::OP_CIPHER_SERVER_PREFERENCE()) {
    show(sprintf("CTX_set_options 0x%x", $o), sprintf("0x%x", Net::SSLeay::CTX_set_options($ctx, $o)));
}
show("CTX_clear_options OP_ALL", sprintf("0x%x", Net::SSLeay::CTX_clear_options($ctx, Net::SSLeay::OP_ALL())));
for my $cs ("DEFAULT", "HIGH:!aNULL", "ECDHE+AESGCM:\@STRENGTH", "AES128-SHA", "ALL\@SECLEVEL=0", "bogus", "") {
    show("CTX_set_cipher_list '$cs'", Net::SSLeay::CTX_set_cipher_list($ctx, $cs));
    ctx_state($ctx);
}
for my $cs ("TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384", "bogus", "") {
    show("CTX_set_ciphersuites '$cs'", Net::SSLeay::CTX_set_ciphersuites($ctx, $cs));
}
for my $v ([0x0303, 0x0304], [0x0301, 0x0303], [0, 0], [0x0305, 0], [0x0300, 0x0304]) {
    show("CTX_set_min_proto_version $v->[0]", Net::SSLeay::CTX_set_min_proto_version($ctx, $v->[0]));
    show("CTX_set_max_proto_version $v->[1]", Net::SSLeay::CTX_set_max_proto_version($ctx, $v->[1]));
    show("  min/max", Net::SSLeay::CTX_get_min_proto_version($ctx) . "/" . Net::SSLeay::CTX_get_max_proto_version($ctx));
}
for my $lvl (0 .. 5) {
    Net::SSLeay::CTX_set_security_level($ctx, $lvl);
    show("CTX_set_security_level $lvl", Net::SSLeay::CTX_get_security_level($ctx));
}
show("CTX_set_timeout 77", Net::SSLeay::CTX_set_timeout($ctx, 77));
show("CTX_get_timeout", Net::SSLeay::CTX_get_timeout($ctx));
show("CTX_set_mode 5", Net::SSLeay::CTX_set_mode($ctx, 5));
show("CTX_set_session_id_context", Net::SSLeay::CTX_set_session_id_context($ctx, "sessl", 5));
show("CTX_set_session_id_context (33 bytes)", Net::SSLeay::CTX_set_session_id_context($ctx, "x" x 33, 33));
Net::SSLeay::CTX_set_verify($ctx, Net::SSLeay::VERIFY_PEER(), undef);
Net::SSLeay::CTX_set_verify_depth($ctx, 4);
show("CTX_use_certificate_file", Net::SSLeay::CTX_use_certificate_file($ctx, "$CERTS/rsa.pem", Net::SSLeay::FILETYPE_PEM()));
show("CTX_use_PrivateKey_file", Net::SSLeay::CTX_use_PrivateKey_file($ctx, "$CERTS/rsa.key", Net::SSLeay::FILETYPE_PEM()));
show("CTX_check_private_key", Net::SSLeay::CTX_check_private_key($ctx));
show("CTX_load_verify_locations", Net::SSLeay::CTX_load_verify_locations($ctx, "$CERTS/ca.pem", ""));
show("CTX_set_alpn_protos", Net::SSLeay::CTX_set_alpn_protos($ctx, ["h2", "http/1.1"]));
ctx_state($ctx);
Net::SSLeay::CTX_free($ctx);

# ------------------------------------------------------------ session cache
sub stats {
    my ($ctx) = @_;
    return join(" ", map { my $f = "Net::SSLeay::CTX_sess_$_"; no strict "refs"; "$_=" . &$f($ctx) }
        qw(number connect connect_good connect_renegotiate accept accept_good accept_renegotiate
           hits cb_hits misses timeouts cache_full));
}

print "=== session cache\n";
$ctx = Net::SSLeay::CTX_new();
for my $m (0, 1, 2, 3, 0x80 | 3, 0x300 | 2) {
    Net::SSLeay::CTX_set_session_cache_mode($ctx, $m);
    show("CTX_set_session_cache_mode $m", Net::SSLeay::CTX_get_session_cache_mode($ctx));
}
show("CTX_sess_set_cache_size 3", Net::SSLeay::CTX_sess_set_cache_size($ctx, 3));
my @removed;
Net::SSLeay::CTX_sess_set_remove_cb($ctx, sub { push @removed, hex_of(substr(Net::SSLeay::i2d_SSL_SESSION($_[1]), 0, 8)) });
my $base = time() - 50;
my @names = sort keys %der;
my @sessions;
for my $i (0 .. $#names) {
    my $s = Net::SSLeay::d2i_SSL_SESSION($der{$names[$i]});
    Net::SSLeay::SESSION_set_time($s, $base + $i);
    Net::SSLeay::SESSION_set_timeout($s, 100);
    push @sessions, $s;
    show("CTX_add_session $names[$i]", Net::SSLeay::CTX_add_session($ctx, $s));
    show("  again", Net::SSLeay::CTX_add_session($ctx, $s));
    show("  stats", stats($ctx));
}
show("removed so far", scalar @removed);
show("CTX_remove_session last", Net::SSLeay::CTX_remove_session($ctx, $sessions[-1]));
show("CTX_remove_session first (evicted)", Net::SSLeay::CTX_remove_session($ctx, $sessions[0]));
show("stats", stats($ctx));
show("CTX_sess_set_cache_size 100", Net::SSLeay::CTX_sess_set_cache_size($ctx, 100));
Net::SSLeay::CTX_add_session($ctx, $_) for @sessions;
show("re-added, stats", stats($ctx));
Net::SSLeay::CTX_flush_sessions($ctx, $base + 100);
show("CTX_flush_sessions base+100", stats($ctx));
Net::SSLeay::CTX_flush_sessions($ctx, $base + 103);
show("CTX_flush_sessions base+103", stats($ctx));
my $ssl = Net::SSLeay::new($ctx);
show("get_session (none)", Net::SSLeay::get_session($ssl) ? "set" : "NULL");
show("set_session", Net::SSLeay::set_session($ssl, $sessions[5]));
show("session_reused", Net::SSLeay::session_reused($ssl));
show("get_session i2d == set", Net::SSLeay::i2d_SSL_SESSION(Net::SSLeay::get_session($ssl)) eq
    Net::SSLeay::i2d_SSL_SESSION($sessions[5]) ? 1 : 0);
my $cipher = Net::SSLeay::get_current_cipher($ssl);
show("get_current_cipher", $cipher ? Net::SSLeay::CIPHER_get_name($cipher) : "NULL");
show("CIPHER_get_version", $cipher ? Net::SSLeay::CIPHER_get_version($cipher) : "NULL");
show("CIPHER_get_bits", $cipher ? Net::SSLeay::CIPHER_get_bits($cipher) : "NULL");
show("CIPHER_description", $cipher ? Net::SSLeay::CIPHER_description($cipher) : "NULL");
show("get_version", Net::SSLeay::get_version($ssl));
show("version", Net::SSLeay::version($ssl));
show("state_string", Net::SSLeay::state_string($ssl));
show("state_string_long", Net::SSLeay::state_string_long($ssl));
show("get_state", Net::SSLeay::get_state($ssl));
show("pending", Net::SSLeay::pending($ssl));
show("want", Net::SSLeay::want($ssl));
show("get_verify_result", Net::SSLeay::get_verify_result($ssl));
show("set_cipher_list", Net::SSLeay::set_cipher_list($ssl, "AES256-SHA:AES128-SHA"));
show("get_cipher_list 0,1,2", join(",", map { Net::SSLeay::get_cipher_list($ssl, $_) // "undef" } 0 .. 2));
Net::SSLeay::free($ssl);
Net::SSLeay::CTX_flush_sessions($ctx, $base + 100000);
show("CTX_flush_sessions far", stats($ctx));
show("removed", scalar(@removed) . " " . join(",", sort @removed));
Net::SSLeay::SESSION_free($_) for @sessions;
Net::SSLeay::CTX_free($ctx);

# ------------------------------------------------------------ IO::Socket::SSL
print "=== IO::Socket::SSL::SSL_Context\n";
for my $args (
    [SSL_verify_mode => 0],
    [SSL_version => "TLSv1_2", SSL_cipher_list => "ECDHE+AESGCM", SSL_verify_mode => 0],
    [SSL_version => "SSLv23:!TLSv1_3", SSL_honor_cipher_order => 1, SSL_verify_mode => 0,
     SSL_session_cache_size => 5],
    [SSL_server => 1, SSL_cert_file => "$CERTS/rsa.pem", SSL_key_file => "$CERTS/rsa.key",
     SSL_session_id_context => "sessl", SSL_verify_mode => 0],
    [SSL_ca_file => "$CERTS/ca.pem", SSL_verify_mode => 1, SSL_ciphersuites => "TLS_AES_128_GCM_SHA256"],
    [SSL_cipher_list => "bogus", SSL_verify_mode => 0],
    [SSL_server => 1, SSL_cert_file => "$CERTS/rsa.pem", SSL_key_file => "$CERTS/ec.key", SSL_verify_mode => 0],
) {
    my %a = @$args;
    my $label = join(" ", map { "$_=$a{$_}" } sort keys %a);
    $label =~ s{\Q$CERTS\E/}{}g;
    my $c = IO::Socket::SSL::SSL_Context->new(%a);
    if (!$c) {
        (my $err = IO::Socket::SSL::errstr()) =~ s{\Q$CERTS\E/}{}g;
        print "SSL_Context->new($label): failed: $err\n";
        errors();
        next;
    }
    print "SSL_Context->new($label): ok\n";
    ctx_state($c->{context});
    show("  session_cache", ref($c->{session_cache}) || "none");
}

print "=== IO::Socket::SSL::Session_Cache\n";
my $cache = IO::Socket::SSL::Session_Cache->new(3);
for my $i (0 .. 4) {
    my $s = Net::SSLeay::d2i_SSL_SESSION($der{$names[$i]});
    $cache->add_session("key$i", $s);
    my @keys = grep { defined $cache->get_session("key$_") } 0 .. 4;
    show("add_session key$i", "cached: @keys");
}
my $got = $cache->get_session("key4");
show("get_session key4 i2d == file", Net::SSLeay::i2d_SSL_SESSION($got) eq $der{$names[4]} ? 1 : 0);
$cache->del_session("key4");
show("del_session key4", defined $cache->get_session("key4") ? "still there" : "gone");
print "done\n";
