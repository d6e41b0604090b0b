//! The gomapfix binary: run the command line, map the result to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    // Not locked for the run: the progress bar draws on stderr from worker threads.
    let mut stderr = std::io::stderr();
    let code = match gomapfix::run(std::env::args_os(), &mut stdout.lock(), &mut stderr) {
        Ok(code) => code,
        // A closed pipe (`gomapfix | head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("gomapfix: {e}");
            2
        }
    };
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}
