//! Where the token signing secret comes from (SPEC §2): `JWT_SECRET` when set;
//! otherwise a random secret generated on first start and kept in the data
//! directory, so that sessions survive restarts. Never a fixed fallback.

use rand::RngExt;
use std::{fs, io, path::Path};

const FILE_NAME: &str = "jwt_secret";

pub fn resolve(configured: Option<&str>, data_dir: &Path) -> io::Result<Vec<u8>> {
    if let Some(secret) = configured {
        return Ok(secret.as_bytes().to_vec());
    }
    let path = data_dir.join(FILE_NAME);
    match fs::read_to_string(&path) {
        Ok(stored) if stored.trim().len() >= 32 => {
            tracing::info!(path = %path.display(), "using the JWT secret kept in the data directory");
            return Ok(stored.trim().as_bytes().to_vec());
        }
        Ok(_) => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{} holds fewer than 32 bytes", path.display()),
            ));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let bytes: [u8; 32] = rand::rng().random();
    let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    write_private(&path, &secret)?;
    tracing::warn!(
        path = %path.display(),
        "JWT_SECRET is not set: generated a random secret and saved it there"
    );
    Ok(secret.into_bytes())
}

/// Creates the file readable by its owner only.
fn write_private(path: &Path, contents: &str) -> io::Result<()> {
    use std::io::Write;
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIGURED: &str = "kQ3v_Zr8-Lp2Xw9TnB4yHc6Jd1FsMu7Ge5Ao0Ri";

    #[test]
    fn a_generated_secret_is_kept_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let first = resolve(None, dir.path()).unwrap();
        assert_eq!(first.len(), 64);
        assert_eq!(resolve(None, dir.path()).unwrap(), first);
        assert_eq!(
            resolve(Some(CONFIGURED), dir.path()).unwrap(),
            CONFIGURED.as_bytes()
        );
    }
}
