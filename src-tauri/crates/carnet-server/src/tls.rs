//! TLS for the service: the certificate it makes at its first start, and the client's
//! trust in it. There is no certificate authority in an office: a client trusts exactly
//! the certificate it saw when it paired (its SHA-256 pinned), whatever name or address it
//! reaches the service by; any other certificate is refused, and the words say why.

use std::sync::{Arc, Mutex};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};

/// The SHA-256 of a certificate (DER), as pinned.
pub type Fingerprint = [u8; 32];

pub fn fingerprint(cert_der: &[u8]) -> Fingerprint {
    Sha256::digest(cert_der).into()
}

/// The fingerprint as people read it aloud: hex in groups of four.
pub fn shown(f: &Fingerprint) -> String {
    hex::encode(f)
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(" ")
}

/// ring's algorithms: a small C and assembly build (aws-lc, rustls's default, takes
/// minutes more on two cores). rustls marks ring's provider deprecated for its lack of
/// post-quantum key exchange, which an office's LAN can live without for now.
#[allow(deprecated)]
fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A new self-signed certificate and its private key (DER), for a service named
/// `carnet-server` (clients do not check the name: they pin the certificate).
pub fn make_identity() -> Result<(Vec<u8>, Vec<u8>), rcgen::Error> {
    let made = rcgen::generate_simple_self_signed(vec!["carnet-server".to_owned()])?;
    Ok((made.cert.der().to_vec(), made.key_pair.serialize_der()))
}

/// The service's TLS configuration (TLS 1.2 and 1.3, ring's algorithms, no client
/// certificate: devices prove themselves by their token, inside TLS).
pub fn server_config(cert: &[u8], key: &[u8]) -> Result<Arc<rustls::ServerConfig>, rustls::Error> {
    let config = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(cert.to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.to_vec())),
        )?;
    Ok(Arc::new(config))
}

/// Accepts the one certificate pinned, or (while pairing, `pinned` empty) any
/// certificate, remembering which was seen so the pairing proof can bind it. Handshake
/// signatures are always checked against the certificate presented.
#[derive(Debug)]
struct Pin {
    pinned: Option<Fingerprint>,
    seen: Arc<Mutex<Option<Fingerprint>>>,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Pin {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let f = fingerprint(end_entity.as_ref());
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(f);
        }
        match self.pinned {
            Some(p) if p != f => Err(rustls::Error::General(CERTIFICATE_CHANGED.into())),
            _ => Ok(ServerCertVerified::assertion()),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// The marker of a refused certificate in rustls's error (the client turns it into words).
pub const CERTIFICATE_CHANGED: &str = "carnet: the service's certificate is not the one paired";

/// A client configuration trusting `pinned` only, or (`None`, for pairing) any certificate,
/// with the one seen written to `seen`.
pub fn client_config(
    pinned: Option<Fingerprint>,
    seen: Arc<Mutex<Option<Fingerprint>>>,
) -> Result<Arc<rustls::ClientConfig>, rustls::Error> {
    let provider = provider();
    let config = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(Pin {
            pinned,
            seen,
            provider,
        }))
        .with_no_client_auth();
    Ok(Arc::new(config))
}
