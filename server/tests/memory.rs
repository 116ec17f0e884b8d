//! Peak memory of the real server refusing large bodies: eight 32 MB bodies without `job_type`
//! at once. Each refusal echoes its whole body as `input`; the answers must be exactly the API's,
//! and the server's peak resident memory (VmHWM) must stay under 1 GiB. The figure is printed.

mod common;
mod process;

use std::fmt::Write as _;

use process::ServerProcess;

/// A body of about `size` bytes without `job_type`, written as the API writes JSON (Starlette's
/// `json.dumps` with `,` and `:`, floats in `repr` form), so that its echo is its own text.
fn body_without_job_type(size: usize) -> String {
    let mut text = String::from(r#"{"params":{"model":"SPMe","data":["#);
    let mut i = 0u64;
    while text.len() < size {
        if i > 0 {
            text.push(',');
        }
        // About 100 bytes a member: enough values that a value tree of the body would cost several
        // times its size, few enough tokens that the debug build reads 256 MB in modest time.
        let _ = write!(
            text,
            r#"{{"t":{i}.5,"label":"step {:>3} of the constant-current charge at 25 degC, cell A"}}"#,
            i % 997
        );
        i += 1;
    }
    text.push_str("]}}");
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_concurrent_32_mb_refusals_stay_under_1_gib_and_answer_exactly() {
    let dir = common::temp_dir("memory");
    let server = ServerProcess::start(&dir.join("jobs.db"), &["--workers", "0"]).await;
    let baseline = server.peak_memory();

    let body = body_without_job_type(32_000_000);
    let expected = format!(
        r#"{{"detail":[{{"type":"missing","loc":["body","job_type"],"msg":"Field required","input":{body}}}]}}"#
    );
    let body = bytes::Bytes::from(body);
    let expected = std::sync::Arc::new(expected);
    let client = reqwest::Client::new();
    let sends: Vec<_> = (0..8)
        .map(|_| {
            let (client, body, expected, url) = (client.clone(), body.clone(), expected.clone(), server.url.clone());
            tokio::spawn(async move {
                let answer = client
                    .post(format!("{url}/jobs"))
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .expect("the server answers");
                assert_eq!(answer.status().as_u16(), 422);
                let text = answer.text().await.unwrap();
                assert!(text == *expected, "the answer differs from the API's ({} bytes)", text.len());
            })
        })
        .collect();
    for send in sends {
        send.await.unwrap();
    }
    let peak = server.peak_memory();
    println!(
        "jobs-server peak memory (VmHWM): {:.0} MiB at start, {:.0} MiB after eight concurrent 32 MB refusals",
        baseline as f64 / 1048576.0,
        peak as f64 / 1048576.0
    );
    assert!(peak < 1 << 30, "peak memory {peak} bytes is over 1 GiB");
    drop(server);
    let _ = std::fs::remove_dir_all(dir);
}
