"""Training step and inference: ours against transformers and segmentation_models_pytorch (smp), same weights.

smp's `Segformer('mit_b0')` needs timm, which needs torchvision; torchvision's wheels need the torch they were built
with, so this runs in an environment of its own that holds one torch for all three (see 13a_bench):

    python tools/bench_smp.py [--variant b0] [--size 512] [--batch 2] [--repeat 7]

Every model gets the weights of one random SegFormer. smp's head ends in a ×4 bilinear upsampling that ours and
transformers leave to the loss; it is measured twice: as shipped (`smp`) and without that upsampling (`smp-¼`, the
same network as the others, whose logits are compared)."""
import argparse, statistics, torch
from torch import nn
from segformer.bench import build_model, make_step
from segformer.speed import transformers_twin, time_interleaved
from segformer.conversion import to_original_state_dict

def smp_twin(model, variant:str):
    "smp's `Segformer` with `model`'s architecture (MiT-`variant`) and weights (original names, smp's decoder order)."
    import segmentation_models_pytorch as smp
    twin = smp.Segformer(f"mit_{variant}", encoder_weights=None, classes=model.config.num_classes,
                         decoder_segmentation_channels=model.config.decoder_width)
    names = {f"decode_head.linear_c{s}.proj": f"decoder.mlp_stage.{4 - s}.linear" for s in range(1, 5)} | {
        "decode_head.linear_fuse.conv": "decoder.fuse_stage.0", "decode_head.linear_fuse.bn": "decoder.fuse_stage.1",
        "decode_head.linear_pred": "segmentation_head.0"}
    state = {}
    for key, value in to_original_state_dict(model.state_dict()).items():
        prefix, tensor = key.rsplit(".", 1)
        state[(names.get(prefix) or prefix.replace("backbone.", "encoder.", 1)) + "." + tensor] = value
    twin.load_state_dict(state)
    return twin

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--variant", default="b0"); p.add_argument("--size", type=int, default=512)
    p.add_argument("--batch", type=int, default=2); p.add_argument("--repeat", type=int, default=7)
    a = p.parse_args()
    ours = build_model(a.variant)
    models = {"ours": ours, "transformers": transformers_twin(ours), "smp": smp_twin(ours, a.variant)}
    models["smp-¼"] = smp_twin(ours, a.variant)
    models["smp-¼"].segmentation_head[1] = nn.Identity()                        # logits at ¼, as the others
    images = torch.randn(a.batch, 3, a.size, a.size)
    with torch.no_grad():
        ref = ours.eval()(images)
        for name in ("transformers", "smp-¼"):
            out = models[name].eval()(images)
            out = out if torch.is_tensor(out) else out.logits
            print(f"parity: max |ours - {name}| = {(out - ref).abs().max().item():.1e} (evaluation mode)")
    print(f"SegFormer-{a.variant.upper()} {a.size}², batch {a.batch}, float32, cpu ({torch.get_num_threads()} threads):"
          f" median of {a.repeat} interleaved runs after 2 warm-up")
    print(f"{'':14}{'train ms':>10}{'infer ms':>10}{'train: ours/x':>15}{'infer: ours/x':>15}")
    medians = {}
    for mode in ("train", "inference"):
        times = time_interleaved({n: make_step(m, images, mode) for n, m in models.items()}, 2, a.repeat)
        medians[mode] = {n: statistics.median(t) for n, t in times.items()}
    for name in models:
        t, i = medians["train"][name], medians["inference"][name]
        ratio = lambda m, x: f"{medians[m]['ours'] / x:15.3f}"
        print(f"{name:14}{1000 * t:10.1f}{1000 * i:10.1f}{ratio('train', t)}{ratio('inference', i)}")

if __name__ == "__main__": main()
