// The first screen's explanation, in two sentences, beside the run controls.
import { RunControls } from '../RunControls';

export function Intro() {
  return (
    <section className="intro panel" aria-labelledby="intro-title">
      <div className="intro-text">
        <h2 id="intro-title">What the projection head does</h2>
        <p>
          Contrastive learning trains an encoder (features Z1) through a projection head (output Z2) that is thrown away afterwards; the paper shows the head
          works as an information bottleneck, and that the encoder's features get better when less information passes from Z1 to Z2.
        </p>
        <p>
          Train SimCLR or Barlow Twins here on your own GPU, watch I(Z1;Z2) and the downstream accuracy of Z1 and Z2 as it learns, and compare the paper's
          projector variants on equal budgets.
        </p>
      </div>
      <RunControls />
    </section>
  );
}
