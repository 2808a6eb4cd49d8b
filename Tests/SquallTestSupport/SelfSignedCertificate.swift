import Foundation

/// A throwaway certificate for 127.0.0.1 (its key unencrypted) made by openssl in `directory`.
public struct SelfSignedCertificate {
    public let certificate: String
    public let key: String

    public init(in directory: String) throws {
        certificate = directory + "/cert.pem"
        key = directory + "/key.pem"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        // An EC key is quick to make; the IP in subjectAltName is what clients check.
        openssl.arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw TestSupportError("openssl could not make a certificate in \(directory)") }
    }
}
