import Foundation
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import SquallEngine

/// HTTPS for the API when `api_tls_certificate` and `api_tls_key` are set: the listener then
/// speaks TLS only. The PEM files are read and checked against each other before the server
/// starts, so a bad file stops `squall server` with one line naming it.
enum TLSListener {
    static func server(_ api: APISettings) throws -> HTTPServerBuilder {
        let plain = ConnectionLimits.server(api)
        guard let files = api.tls else { return plain }
        let configuration = try configuration(certificate: files.certificate, key: files.key)
        return try .tls(plain, tlsConfiguration: configuration)
    }

    static func configuration(certificate: String, key: String) throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(try readable(certificate, setting: "api_tls_certificate"))
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError.badInput("api_tls_certificate \(certificate): not a PEM certificate")
        }
        guard !chain.isEmpty else { throw EngineError.badInput("api_tls_certificate \(certificate): no PEM certificate in it") }
        let privateKey: NIOSSLPrivateKey
        do {
            privateKey = try NIOSSLPrivateKey(bytes: try readable(key, setting: "api_tls_key"), format: .pem)
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError.badInput("api_tls_key \(key): not a PEM private key (or it needs a passphrase)")
        }
        let configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                     privateKey: .privateKey(privateKey))
        // The context is where OpenSSL pairs the key with the certificate: fail now, not at the first connection.
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw EngineError.badInput("api_tls_key \(key): does not match the certificate in \(certificate)")
        }
        return configuration
    }

    private static func readable(_ path: String, setting: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read it" : "no such file"
            throw EngineError.badInput("\(setting) \(path): \(reason)")
        }
        return Array(data)
    }
}
