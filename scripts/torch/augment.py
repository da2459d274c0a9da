"""torchvision's per-image augmentation with the lab's recipe (a RunConfig view, JSON), as
solo-learn builds it on PIL images: RandomResizedCrop (bicubic), colour jitter, grayscale,
Gaussian blur (PIL), solarisation, horizontal flip, ToTensor, Normalize (CIFAR-10 statistics)."""
import random

import torch
from PIL import Image, ImageFilter, ImageOps
from torchvision import transforms

MEAN = (0.4914, 0.4822, 0.4465)
STD = (0.247, 0.2435, 0.2616)


class GaussianBlur:
    def __call__(self, img):
        return img.filter(ImageFilter.GaussianBlur(radius=random.uniform(0.1, 2.0)))


class Solarization:
    def __call__(self, img):
        return ImageOps.solarize(img)


def view_transform(view):
    return transforms.Compose(
        [
            transforms.RandomResizedCrop(32, scale=tuple(view["cropScale"]), interpolation=transforms.InterpolationMode.BICUBIC),
            transforms.RandomApply(
                [transforms.ColorJitter(view["brightness"], view["contrast"], view["saturation"], view["hue"])], p=view["jitterProb"]
            ),
            transforms.RandomGrayscale(p=view["grayscaleProb"]),
            transforms.RandomApply([GaussianBlur()], p=view["blurProb"]),
            transforms.RandomApply([Solarization()], p=view["solarizeProb"]),
            transforms.RandomHorizontalFlip(p=view["flipProb"]),
            transforms.ToTensor(),
            transforms.Normalize(MEAN, STD),
        ]
    )


class TwoViews:
    """A dataset-side transform: one PIL image -> (view A, view B)."""

    def __init__(self, views):
        self.a, self.b = view_transform(views[0]), view_transform(views[1])

    def __call__(self, img):
        return self.a(img), self.b(img)


def augment_batch(two_views, images_uint8):
    """[B, 32, 32, 3] uint8 numpy -> two [B, 3, 32, 32] float tensors, one image at a time."""
    pairs = [two_views(Image.fromarray(img)) for img in images_uint8]
    return torch.stack([a for a, _ in pairs]), torch.stack([b for _, b in pairs])
