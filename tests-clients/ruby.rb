# Ruby's openssl extension as a client of libssl (see run.sh): every method of
# OpenSSL::SSL::Session on real sessions (PEM and DER), and SSLContext and
# SSLSocket settings, session cache and getters that need no handshake.
# Prints everything; run.sh diffs it between the system libssl and sessl.
#   usage: ruby ruby.rb SESSIONS_DIR CERTS_DIR
require "openssl"
require "socket"

SESS, CERTS = ARGV
$stdout.sync = true

# Prints "label: value" (value inspected, object addresses hidden), or the
# exception it raised.
def show(label)
  value = yield
  puts "#{label}: #{value.inspect.gsub(/:0x\h+/, ":0x...")}"
  value
rescue StandardError => e
  puts "#{label}: raised #{e.class}: #{e.message}"
  nil
end

def hex(s)
  s.nil? ? "nil" : s.unpack1("H*")
end

# ------------------------------------------------------------ Session
sessions = {}
Dir[File.join(SESS, "*.pem")].sort.each do |pem_path|
  name = File.basename(pem_path, ".pem")
  puts "=== session #{name}"
  pem = File.read(pem_path)
  der = File.binread(pem_path.sub(/\.pem\z/, ".der"))
  s = show("new(pem)") { OpenSSL::SSL::Session.new(pem) }
  d = show("new(der)") { OpenSSL::SSL::Session.new(der) }
  next unless s && d

  sessions[name] = s
  show("id") { hex(s.id) }
  show("time") { s.time.utc.to_s }
  show("time.to_i") { s.time.to_i }
  show("timeout") { s.timeout }
  show("to_der == file") { s.to_der == der }
  show("to_der") { hex(s.to_der) }
  show("to_pem == file") { s.to_pem == pem }
  show("to_pem") { s.to_pem }
  puts "to_text:", s.to_text
  show("pem == der") { s == d }
  show("== itself") { s == s }
  show("== dup") { s == s.dup }
  show("dup.to_der == to_der") { s.dup.to_der == s.to_der }
  # The setters: fixed values, then what the getters and encodings say.
  show("time = 1000000000") { s.time = Time.at(1_000_000_000) }
  show("time") { s.time.to_i }
  show("time = 1234567890 (Integer)") { s.time = 1_234_567_890 }
  show("time") { s.time.to_i }
  show("timeout = 300") { s.timeout = 300 }
  show("timeout") { s.timeout }
  show("timeout = 0") { s.timeout = 0 }
  show("timeout") { s.timeout }
  show("timeout = 86400") { s.timeout = 86_400 }
  show("changed == der") { s == d }
  show("changed to_der") { hex(s.to_der) }
  puts "changed to_text:", s.to_text
  show("round trip") { OpenSSL::SSL::Session.new(s.to_der).to_der == s.to_der }
end

puts "=== bad sessions"
show("new('')") { OpenSSL::SSL::Session.new("") }
show("new(garbage)") { OpenSSL::SSL::Session.new("garbage") }
show("new(truncated DER)") { OpenSSL::SSL::Session.new(sessions.values.first.to_der[0, 40]) }
show("new(PEM without end)") { OpenSSL::SSL::Session.new(sessions.values.first.to_pem.lines[0, 3].join) }
show("new(nil)") { OpenSSL::SSL::Session.new(nil) }

# ------------------------------------------------------------ SSLContext
def context_state(ctx)
  show("  options") { ctx.options }
  show("  verify_mode") { ctx.verify_mode }
  show("  security_level") { ctx.security_level }
  show("  session_cache_mode") { ctx.session_cache_mode }
  show("  session_cache_size") { ctx.session_cache_size }
  show("  session_cache_stats") { ctx.session_cache_stats }
  show("  ciphers.size") { ctx.ciphers.size }
  show("  ciphers") { ctx.ciphers.map(&:first).join(":") }
end

puts "=== SSLContext.new"
ctx = OpenSSL::SSL::SSLContext.new
context_state(ctx)
show("ciphers (full)") { ctx.ciphers }
puts "=== set_params"
ctx = OpenSSL::SSL::SSLContext.new
show("set_params") { ctx.set_params }
context_state(ctx)
show("verify_hostname") { ctx.verify_hostname }

puts "=== per-version contexts"
%i[TLSv1 TLSv1_1 TLSv1_2 TLS SSLv23 SSLv3 bogus].each do |v|
  c = show("new(#{v})") { OpenSSL::SSL::SSLContext.new(v) }
  show("  #{v} ciphers.size") { c.ciphers.size } if c
end

puts "=== cipher strings"
["DEFAULT", "HIGH:!aNULL", "ALL:@STRENGTH", "ECDHE+AESGCM", "AES128-SHA", "eNULL", "ALL@SECLEVEL=0",
 "DEFAULT:@SECLEVEL=3", "bogus", "", "AES256-GCM-SHA384:bogus", %w[AES128-SHA AES256-SHA]].each do |cs|
  c = OpenSSL::SSL::SSLContext.new
  show("ciphers = #{cs.inspect}") { c.ciphers = cs }
  show("  ciphers") { c.ciphers }
  show("  security_level") { c.security_level }
end
puts "=== versions"
[[OpenSSL::SSL::TLS1_2_VERSION, OpenSSL::SSL::TLS1_3_VERSION], [:TLS1_2, :TLS1_2], [nil, :TLS1_1],
 [:TLS1_3, nil], [:TLS1, :TLS1_2], [:SSL3, :TLS1_3], [:bogus, nil], [0x0305, nil]].each do |min, max|
  c = OpenSSL::SSL::SSLContext.new
  show("min_version = #{min.inspect}") { c.min_version = min }
  show("max_version = #{max.inspect}") { c.max_version = max }
  show("  options") { c.options }
  show("  ciphers.size") { c.ciphers.size }
end
c = OpenSSL::SSL::SSLContext.new
show("ssl_version = :TLSv1_2") { c.ssl_version = :TLSv1_2 }
show("  ciphers.size") { c.ciphers.size }

puts "=== options, verify, security level, curves, timeouts"
c = OpenSSL::SSL::SSLContext.new
[0, OpenSSL::SSL::OP_ALL, OpenSSL::SSL::OP_NO_TICKET | OpenSSL::SSL::OP_NO_COMPRESSION,
 OpenSSL::SSL::OP_NO_TLSv1_3, OpenSSL::SSL::OP_CIPHER_SERVER_PREFERENCE, 0xffffffff, 0].each do |o|
  show("options = 0x#{o.to_s(16)}") { c.options = o }
  show("  options") { c.options }
  show("  ciphers.size") { c.ciphers.size }
end
[OpenSSL::SSL::VERIFY_NONE, OpenSSL::SSL::VERIFY_PEER,
 OpenSSL::SSL::VERIFY_PEER | OpenSSL::SSL::VERIFY_FAIL_IF_NO_PEER_CERT].each do |m|
  show("verify_mode = #{m}") { c.verify_mode = m }
  show("  verify_mode") { c.verify_mode }
end
(0..6).each do |lvl|
  c2 = OpenSSL::SSL::SSLContext.new
  show("security_level = #{lvl}") { c2.security_level = lvl }
  show("  security_level") { c2.security_level }
  show("  ciphers.size") { c2.ciphers.size }
end
["P-256", "prime256v1:secp384r1", "X25519:P-521", "bogus", ""].each do |curves|
  show("ecdh_curves = #{curves.inspect}") { c.ecdh_curves = curves }
end
show("timeout = 1234") { c.timeout = 1234 }
show("timeout") { c.timeout }
show("session_id_context = 'sessl'") { c.session_id_context = "sessl" }
show("session_id_context too long, setup") { OpenSSL::SSL::SSLContext.new.tap { |x| x.session_id_context = "x" * 33 }.setup }
show("alpn_protocols = h2,http/1.1") { c.alpn_protocols = ["h2", "http/1.1"] }
show("verify_depth = 3") { c.verify_depth = 3 }
show("verify_hostname = true") { c.verify_hostname = true }
show("ca_file = ca.pem") { c.ca_file = File.join(CERTS, "ca.pem") }
cert = OpenSSL::X509::Certificate.new(File.read(File.join(CERTS, "rsa.pem")))
key = OpenSSL::PKey.read(File.read(File.join(CERTS, "rsa.key")))
ec_cert = OpenSSL::X509::Certificate.new(File.read(File.join(CERTS, "ec.pem")))
ec_key = OpenSSL::PKey.read(File.read(File.join(CERTS, "ec.key")))
show("cert = rsa") { c.cert = cert }
show("key = rsa") { c.key = key }
show("add_certificate(ec)") { c.add_certificate(ec_cert, ec_key) }
show("add_certificate(mismatched)") { OpenSSL::SSL::SSLContext.new.add_certificate(cert, ec_key) }
show("setup") { c.setup }
show("setup again") { c.setup }
show("frozen?") { c.frozen? }
context_state(c)

# ------------------------------------------------------------ session cache
puts "=== session cache"
c = OpenSSL::SSL::SSLContext.new
[OpenSSL::SSL::SSLContext::SESSION_CACHE_OFF, OpenSSL::SSL::SSLContext::SESSION_CACHE_CLIENT,
 OpenSSL::SSL::SSLContext::SESSION_CACHE_BOTH | OpenSSL::SSL::SSLContext::SESSION_CACHE_NO_AUTO_CLEAR,
 OpenSSL::SSL::SSLContext::SESSION_CACHE_SERVER].each do |m|
  show("session_cache_mode = #{m}") { c.session_cache_mode = m }
  show("  session_cache_mode") { c.session_cache_mode }
end
show("session_cache_size") { c.session_cache_size }
show("session_cache_size = 3") { c.session_cache_size = 3 }
show("session_cache_size") { c.session_cache_size }
# Sessions timed 50 s ago, each a second later than the previous, living 100 s:
# none expired when added, and the flushes below use times relative to them.
names = sessions.keys.sort_by { |n| [n.start_with?("fresh") ? 1 : 0, n] }
base = Time.now.to_i - 50
names.each do |n|
  s = OpenSSL::SSL::Session.new(sessions[n].to_der)
  s.time = base + names.index(n)
  s.timeout = 100
  show("session_add(#{n})") { c.session_add(s) }
  show("  session_add again") { c.session_add(s) }
  show("  session_cache_stats") { c.session_cache_stats }
end
show("session_remove(last)") { c.session_remove(OpenSSL::SSL::Session.new(sessions[names.last].to_der)) }
show("session_remove(unknown)") { c.session_remove(OpenSSL::SSL::Session.new(sessions[names.first].to_der)) }
show("session_cache_stats") { c.session_cache_stats }
show("session_cache_size = 100") { c.session_cache_size = 100 }
names.each_with_index do |n, i|
  s = OpenSSL::SSL::Session.new(sessions[n].to_der)
  s.time = base + i
  s.timeout = 100
  c.session_add(s)
end
show("after re-adding, session_cache_stats") { c.session_cache_stats }
show("flush_sessions(base + 100)") { c.flush_sessions(Time.at(base + 100)).class }
show("  session_cache_stats") { c.session_cache_stats }
show("flush_sessions(base + 103)") { c.flush_sessions(Time.at(base + 103)).class }
show("  session_cache_stats") { c.session_cache_stats }
show("flush_sessions(nil)") { c.flush_sessions.class }
show("  session_cache_stats") { c.session_cache_stats }
show("flush_sessions(base + 10000)") { c.flush_sessions(Time.at(base + 10_000)).class }
show("  session_cache_stats") { c.session_cache_stats }
# Callbacks (installed by setup): with no handshake neither the new nor the
# get callback is called on either library, but removal calls the remove one.
c = OpenSSL::SSL::SSLContext.new
removed = []
c.session_remove_cb = ->(_ctx, sess) { removed << hex(sess.id) }
c.session_new_cb = ->(_sock, _sess) { puts "new_cb called" }
c.session_get_cb = ->(_sock, _id) { puts "get_cb called" }
show("setup with callbacks") { c.setup }
s = OpenSSL::SSL::Session.new(sessions[names.first].to_der)
show("session_add with callbacks") { c.session_add(s) }
show("session_remove with callbacks") { c.session_remove(s) }
show("removed ids") { removed }
c.session_add(s)
show("flush_sessions(far future)") { c.flush_sessions(Time.at(2**40)).class }
show("removed ids") { removed }

# ------------------------------------------------------------ SSLSocket (no handshake)
puts "=== SSLSocket without a handshake"
a, b = UNIXSocket.pair
c = OpenSSL::SSL::SSLContext.new
c.ciphers = "ECDHE+AESGCM"
ssl = OpenSSL::SSL::SSLSocket.new(a, c)
show("state") { ssl.state }
show("ssl_version") { ssl.ssl_version }
show("cipher") { ssl.cipher }
show("session") { ssl.session }
show("session_reused?") { ssl.session_reused? }
show("pending") { ssl.pending }
show("verify_result") { ssl.verify_result }
show("peer_cert") { ssl.peer_cert }
show("peer_cert_chain") { ssl.peer_cert_chain }
show("client_ca") { ssl.client_ca }
show("alpn_protocol") { ssl.alpn_protocol }
show("finished_message") { ssl.finished_message }
show("peer_finished_message") { ssl.peer_finished_message }
show("hostname = server.example") { ssl.hostname = "server.example" }
show("hostname") { ssl.hostname }
show("session = tls12 session") { ssl.session = sessions[names.first] }
show("session.id") { hex(ssl.session&.id) }
show("session == set") { ssl.session == sessions[names.first] }
show("cipher after set_session") { ssl.cipher }
show("session_reused?") { ssl.session_reused? }
show("sync_close") { ssl.sync_close }
a.close
b.close
